namespace CrossBorder.Core.Storage;

/// <summary>What a verification of the audit trail found (<see cref="AuditVerification.Kind"/>).</summary>
public enum AuditIntegrity
{
    /// <summary>Every entry links to the one before it, and every checkpoint verifies and matches its entry.</summary>
    Intact,

    /// <summary>An entry does not hold against the one before it: edited, removed or reordered.</summary>
    EntryBroken,

    /// <summary>A checkpoint names an entry past the last one stored: the tail was cut.</summary>
    Truncated,

    /// <summary>The chain holds, but an entry named by a checkpoint has another hash: the chain was rewritten with fresh hashes.</summary>
    Rewritten,

    /// <summary>A checkpoint does not verify: a bad signature, a signer that is not this gateway, or fields that differ from what was signed.</summary>
    CheckpointInvalid,
}
