namespace CrossBorder.Core.Storage;

/// <summary>The last entry of the audit chain: its sequence and hash; sequence 0 and <see cref="AuditChain.Genesis"/> for an empty chain.</summary>
/// <param name="Sequence">The highest sequence stored.</param>
/// <param name="Hash">That entry's hash.</param>
public sealed record AuditHead(long Sequence, byte[] Hash);
