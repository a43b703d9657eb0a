using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Tests.EnvelopeBinding;

/// <summary>Every decryption failure reads the same to a peer; only the debug diagnostic says which step failed.</summary>
public sealed class DecryptFailureTests(BindingPki pki) : IClassFixture<BindingPki>
{
    [Fact]
    public void A_wrong_tag_and_a_wrong_key_give_the_same_refusal_and_different_diagnostics()
    {
        var party = pki["IT/NCP"];
        var envelope = CmsEnvelope.Seal("content"u8, pki["AL/NCP"].Signing.Certificate, pki["AL/NCP"].Signing.Key, [], [party.Encryption], TimeProvider.System.GetUtcNow());
        var badTag = (byte[])envelope.Clone();
        badTag[^1] ^= 0x01; // the GCM tag is the last field of the AuthEnvelopedData
        using var otherKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var wrongKey = RecipientKey.Create(party.Encryption, otherKey);
        var validator = new AnchoredSignerValidator(pki.Anchors, [], []);

        var tagError = Assert.Throws<RejectedException>(() => { CmsEnvelope.Open(badTag, party.Decryption, validator, TimeProvider.System.GetUtcNow(), 1 << 20); });
        var keyError = Assert.Throws<RejectedException>(() => { CmsEnvelope.Open(envelope, wrongKey, validator, TimeProvider.System.GetUtcNow(), 1 << 20); });

        Assert.Equal(ReasonCode.DecryptFailed, tagError.Reason);
        Assert.Equal(ReasonCode.DecryptFailed, keyError.Reason);
        Assert.Equal(tagError.Message, keyError.Message);
        Assert.Equal("decryption failed", tagError.Message);
        Assert.Contains("GCM", tagError.Diagnostic, StringComparison.Ordinal);
        Assert.Contains("unwrap", keyError.Diagnostic, StringComparison.Ordinal);
        Assert.Equal("rejected: DECRYPT_FAILED: decryption failed", keyError.ToRejectionLine());
    }
}
