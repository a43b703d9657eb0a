namespace CrossBorder.Core.Trust;

/// <summary>
/// What a gateway remembers about trust lists across restarts: the highest sequence number it
/// ever accepted (rollback protection) and the operator certificate in force after a rollover.
/// </summary>
/// <param name="HighestSequence">The highest trust list sequence number ever accepted.</param>
/// <param name="HighestSha256">SHA-256 of that list, so that a restart reloads only that very list at that sequence.</param>
/// <param name="OperatorCertificate">DER of the operator certificate in force, when it differs from the configured pin.</param>
public sealed record TrustState(ulong HighestSequence, byte[] HighestSha256, byte[]? OperatorCertificate);
