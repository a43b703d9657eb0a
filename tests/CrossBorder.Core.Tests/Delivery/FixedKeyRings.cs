using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;

namespace CrossBorder.Core.Tests.Delivery;

/// <summary>Key rings fixed for a test: a signing identity (or none, refused EXPIRED) and the given decryption keys.</summary>
internal sealed class FixedKeyRings(SigningIdentity? signing, params RecipientKey[] decryption) : IKeyRings
{
    public IReadOnlyList<RecipientKey> DecryptionKeys => decryption;

    public IReadOnlyList<RecipientKey> StoredMessageKeys => decryption;

    public SigningIdentity SigningIdentity(DateTimeOffset now) =>
        signing ?? throw Reject.Because(ReasonCode.Expired, "no signing certificate is valid");
}
