namespace CrossBorder.Core.Policy;

/// <summary>
/// The pseudonymization key of one partner link. The id travels with every pseudonym so that
/// keys can rotate; the key never leaves the sending country.
/// </summary>
/// <param name="KeyId">A short id, letters and digits, e.g. <c>k1</c>.</param>
/// <param name="Key">At least 32 bytes of key material.</param>
public sealed record PseudonymKey(string KeyId, ReadOnlyMemory<byte> Key);
