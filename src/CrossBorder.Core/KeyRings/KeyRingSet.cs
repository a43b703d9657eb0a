namespace CrossBorder.Core.KeyRings;

/// <summary>What a key source yields in one load: the signing ring and the encryption ring.</summary>
/// <param name="Signing">Certificates new messages and receipts are signed with.</param>
/// <param name="Encryption">Certificates peers seal envelopes to.</param>
public sealed record KeyRingSet(KeyRing Signing, KeyRing Encryption);
