namespace CrossBorder.Gateway.Ops;

/// <summary>A signed checkpoint of the audit chain as the console lists it: the head it signs and when.</summary>
/// <param name="Sequence">The chain's last entry when signed.</param>
/// <param name="HeadHashPrefix">The first hex digits of that entry's hash.</param>
/// <param name="At">When it was signed.</param>
/// <param name="Verified">Whether its signature and the chain up to it hold.</param>
internal sealed record AuditCheckpointView(long Sequence, string HeadHashPrefix, DateTimeOffset At, bool Verified);

/// <summary>
/// The console's one reading point of signed audit checkpoints: every page that shows them asks
/// here. This gateway's store keeps no signed checkpoint yet, so both answers are empty; once the
/// store keeps them, these two methods read its list and nothing else on the pages changes.
/// </summary>
internal static class AuditCheckpoints
{
    /// <summary>The newest checkpoint, or null when none was signed.</summary>
    public static AuditCheckpointView? Newest() => null;

    /// <summary>The newest checkpoints, newest first, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<AuditCheckpointView> Recent(int max) => max > 0 ? [] : [];
}
