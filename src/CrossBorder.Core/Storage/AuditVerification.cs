namespace CrossBorder.Core.Storage;

/// <summary>The result of recomputing the audit chain.</summary>
/// <param name="Entries">Entries checked.</param>
/// <param name="FirstBroken">The sequence of the first entry whose hash or link does not hold; null when the chain holds.</param>
public sealed record AuditVerification(long Entries, long? FirstBroken);
