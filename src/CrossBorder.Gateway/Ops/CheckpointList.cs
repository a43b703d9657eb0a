using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Gateway.Ops;

/// <summary>A signed checkpoint of the audit chain as the console lists it: the head it signs and when.</summary>
/// <param name="Sequence">The chain's last entry when signed.</param>
/// <param name="HeadHashPrefix">The first hex digits of that entry's hash.</param>
/// <param name="At">When it was signed.</param>
/// <param name="Verified">Whether its signature verifies with one of this gateway's signing certificates (retired ones included).</param>
internal sealed record AuditCheckpointView(long Sequence, string HeadHashPrefix, DateTimeOffset At, bool Verified);

/// <summary>The console's one reading point of signed audit checkpoints: the store's list, each checked with <see cref="AuditCheckpoints.Problem"/>.</summary>
internal sealed class CheckpointList(IAuditCheckpoints checkpoints, GatewayRuntime runtime)
{
    /// <summary>The newest checkpoint, or null when none was signed.</summary>
    public async Task<AuditCheckpointView?> NewestAsync(CancellationToken cancellationToken)
    {
        var newest = await RecentAsync(1, cancellationToken).ConfigureAwait(false);
        return newest.Count > 0 ? newest[0] : null;
    }

    /// <summary>The newest checkpoints, newest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<AuditCheckpointView>> RecentAsync(int max, CancellationToken cancellationToken)
    {
        var signers = runtime.AuditSigners();
        var stored = await checkpoints.CheckpointsAsync(max, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(c => new AuditCheckpointView(
            c.Sequence, Convert.ToHexStringLower(c.Hash)[..Math.Min(16, c.Hash.Length * 2)], c.At, AuditCheckpoints.Problem(c, signers) is null))];
    }
}
