using CrossBorder.Core.Storage;

namespace CrossBorder.Gateway.Exchange;

/// <summary>The last verification of the audit trail and when it ran (<see cref="AuditCheckpointWriter.Status"/>).</summary>
/// <param name="Verification">What it found.</param>
/// <param name="VerifiedAt">When it finished.</param>
internal sealed record AuditChainStatus(AuditVerification Verification, DateTimeOffset VerifiedAt);
