namespace CrossBorder.Core.Storage;

/// <summary>The result of <see cref="IInboxStore.CommitInboundAsync"/>.</summary>
/// <param name="Committed">True when this call stored it.</param>
/// <param name="Existing">The record already stored under the same (sender, id) when not committed.</param>
/// <param name="SignedReceipt">When committed: the receipt stored with it (a notice's is signed in the commit).</param>
/// <param name="Ended">When committed: a notice that awaited it ended it in the same commit (it will never be offered).</param>
public sealed record InboundCommit(bool Committed, InboundRecord? Existing, byte[]? SignedReceipt = null, bool Ended = false);
