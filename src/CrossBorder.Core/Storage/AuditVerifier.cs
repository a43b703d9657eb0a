using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Storage;

/// <summary>
/// Verifies the audit trail of any store: the chain recomputed from its first entry, then checked
/// against every signed checkpoint, those stored with it and those kept elsewhere (an export).
/// The chain alone catches an edited entry; a checkpoint also catches a cut tail (it names an entry
/// past the last one) and a chain rewritten with fresh hashes (its entry has another hash).
/// </summary>
public static class AuditVerifier
{
    /// <summary>Verifies the chain and the checkpoints; the earliest break found, or intact.</summary>
    /// <param name="trail">The chain.</param>
    /// <param name="checkpoints">The checkpoints stored with it.</param>
    /// <param name="ownSigners">This gateway's signing certificates (rollover ones included): the only signers a checkpoint may have.</param>
    /// <param name="supplied">Checkpoints kept elsewhere (empty for none); the same checkpoint stored and supplied counts once.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    public static async Task<AuditVerification> VerifyAsync(
        IAuditTrail trail,
        IAuditCheckpoints checkpoints,
        IReadOnlyCollection<X509Certificate2> ownSigners,
        IReadOnlyList<AuditCheckpoint> supplied,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trail);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(ownSigners);
        ArgumentNullException.ThrowIfNull(supplied);

        // Checkpoints first, then the head and the chain: a checkpoint stored meanwhile by the running
        // gateway names an entry that is already there when the head is read.
        var stored = await checkpoints.CheckpointsAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
        var head = await checkpoints.HeadAsync(cancellationToken).ConfigureAwait(false);
        var chain = await trail.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
        var all = Distinct(stored.Concat(supplied));

        AuditVerification? invalid = null;
        AuditVerification? mismatch = null;
        long lastHolding = 0;
        foreach (var checkpoint in all)
        {
            if (AuditCheckpoints.Problem(checkpoint, ownSigners) is { } reason)
            {
                invalid ??= new AuditVerification(chain.Entries, checkpoint.Sequence)
                {
                    Kind = AuditIntegrity.CheckpointInvalid,
                    Checkpoint = checkpoint.Sequence,
                    CheckpointReason = reason,
                };
                continue;
            }

            if (mismatch is not null)
            {
                continue;
            }

            if (checkpoint.Sequence > head.Sequence)
            {
                mismatch = new AuditVerification(chain.Entries, head.Sequence + 1) { Kind = AuditIntegrity.Truncated, Checkpoint = checkpoint.Sequence };
                continue;
            }

            var hash = await checkpoints.HashAtAsync(checkpoint.Sequence, cancellationToken).ConfigureAwait(false);
            if (hash is null || !CryptographicOperations.FixedTimeEquals(hash, checkpoint.Hash))
            {
                mismatch = new AuditVerification(chain.Entries, lastHolding + 1) { Kind = AuditIntegrity.Rewritten, Checkpoint = checkpoint.Sequence };
                continue;
            }

            lastHolding = checkpoint.Sequence;
        }

        // The earliest entry affected; a broken link names its entry exactly, so it wins a tie.
        var found = chain;
        if (mismatch is not null && (found.FirstBroken is null || mismatch.FirstBroken < found.FirstBroken))
        {
            found = mismatch;
        }

        if (found.FirstBroken is null && invalid is not null)
        {
            found = invalid;
        }

        return found with { Checkpoints = all.Count };
    }

    /// <summary>The checkpoints in order of sequence, each once (the same sequence, hash and signature).</summary>
    private static List<AuditCheckpoint> Distinct(IEnumerable<AuditCheckpoint> checkpoints)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. checkpoints
            .OrderBy(c => c.Sequence)
            .Where(c => seen.Add($"{c.Sequence}:{Convert.ToHexString(c.Hash)}:{Convert.ToHexString(SHA256.HashData(c.Signature))}"))];
    }
}
