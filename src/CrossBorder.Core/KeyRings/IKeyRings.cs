using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.KeyRings;

/// <summary>
/// The gateway's own keys as the exchange sees them: the signing identity for new messages and
/// receipts, and every decryption key of the encryption ring (older ones stay for what peers still
/// seal to them). Whoever implements it hands out immutable snapshots, so that a key taken for one
/// message is the key used for all of it.
/// </summary>
public interface IKeyRings
{
    /// <summary>The identity to sign with at <paramref name="now"/>: the newest valid signing certificate; a refusal with EXPIRED when none is valid.</summary>
    SigningIdentity SigningIdentity(DateTimeOffset now);

    /// <summary>Every decryption key of the encryption ring in force: what a new delivery may be sealed to.</summary>
    IReadOnlyList<RecipientKey> DecryptionKeys { get; }

    /// <summary>
    /// The keys that open messages already accepted: the ring in force and every encryption key that
    /// left it since the gateway started, so that an operator who replaces the only encryption pair
    /// does not make the unread inbox unreadable before the next restart.
    /// </summary>
    IReadOnlyList<RecipientKey> StoredMessageKeys { get; }
}
