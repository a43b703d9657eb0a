using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The result of verifying the audit trail: the chain recomputed from its first entry
/// (<see cref="IAuditTrail.VerifyAuditAsync"/>), and, by <see cref="AuditVerifier"/>, the chain checked
/// against every signed checkpoint. Ids and numbers only.
/// </summary>
/// <param name="Entries">Entries checked.</param>
/// <param name="FirstBroken">
/// The first entry affected; null when the trail holds. For <see cref="AuditIntegrity.EntryBroken"/> the
/// first entry whose hash or link does not hold; for <see cref="AuditIntegrity.Truncated"/> the first
/// missing entry (the last one present + 1); for <see cref="AuditIntegrity.Rewritten"/> the first entry
/// after the last checkpoint that still matches (the rewrite began there or later, at the latest at
/// <see cref="Checkpoint"/>); for <see cref="AuditIntegrity.CheckpointInvalid"/> the entry the checkpoint names.
/// </param>
public sealed record AuditVerification(long Entries, long? FirstBroken)
{
    /// <summary>What was found.</summary>
    public AuditIntegrity Kind { get; init; } = FirstBroken is null ? AuditIntegrity.Intact : AuditIntegrity.EntryBroken;

    /// <summary>Checkpoints checked (0 when only the chain was recomputed).</summary>
    public int Checkpoints { get; init; }

    /// <summary>The sequence of the checkpoint that found the break (truncated, rewritten or itself invalid); null otherwise.</summary>
    public long? Checkpoint { get; init; }

    /// <summary>Why the checkpoint does not verify (<see cref="AuditIntegrity.CheckpointInvalid"/>); UNSPECIFIED otherwise.</summary>
    public ReasonCode CheckpointReason { get; init; }

    /// <summary>Whether the trail holds.</summary>
    public bool IsIntact => Kind == AuditIntegrity.Intact;

    /// <summary>One line for operators: the kind and the entries concerned, numbers only.</summary>
    public string Describe() => Kind switch
    {
        AuditIntegrity.Intact => "hash chain intact",
        AuditIntegrity.EntryBroken => Text($"entry {FirstBroken} does not hold against the one before it (edited, removed or reordered)"),
        AuditIntegrity.Truncated => Text($"truncated: the checkpoint at entry {Checkpoint} names an entry past the last one; the first missing entry is {FirstBroken}"),
        AuditIntegrity.Rewritten => Text($"rewritten: entry {Checkpoint} differs from its signed checkpoint; the rewrite began at entry {FirstBroken} or later"),
        _ => Text($"the checkpoint at entry {Checkpoint} does not verify ({CheckpointReason.Name()})"),
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
