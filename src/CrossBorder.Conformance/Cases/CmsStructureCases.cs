using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes.Cms;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.ForgedCase;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 5 (and the length binding of 6): the structure rules of the sealed envelope — strict
/// DER, versions, authenticated attributes, one signer of id-data content, at most 8 embedded
/// certificates, the three signed attributes, strict-DER ECDSA values, a signature that verifies —
/// one fault at a time; and what a receiver must take: the optional parts it ignores, a signed
/// attribute it does not know, a size bucket larger than needed.
/// </summary>
internal static class CmsStructureCases
{
    /// <summary>The most certificates a SignedData may embed ([WS-5-15]).</summary>
    private const int MaxEmbedded = 8;

    public static IEnumerable<ConformanceCase> All()
    {
        yield return Refused("cms.ber-outer-length",
            "an envelope whose outer ContentInfo length is written in four octets instead of the minimal form (BER, not DER) is refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { NonMinimalLength = true }));

        yield return Refused("cms.ber-signed-data",
            "an envelope whose decrypted SignedData ContentInfo has an indefinite length (BER, not DER) is refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { IndefiniteLength = true }));

        yield return Refused("cms.auth-enveloped-version",
            "an AuthEnvelopedData of version 1 is refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { Version = 1 }));

        yield return Refused("cms.auth-attributes",
            "an AuthEnvelopedData with authAttrs (a content-type attribute, authenticated as the GCM additional data) is refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { AuthAttributes = true }));

        yield return Accepted("cms.encrypted-content-signed-data",
            "an AuthEnvelopedData whose encrypted content is labelled id-signedData instead of id-data (which receivers also take) is accepted",
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { EncryptedContentType = CmsOids.SignedData }));

        yield return Refused("cms.encrypted-content-type-other",
            "an AuthEnvelopedData whose encrypted content is labelled id-ct-authData is refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { EncryptedContentType = "1.2.840.113549.1.9.16.1.2" }));

        yield return Accepted("cms.optional-parts",
            "an envelope with every optional part the profile does not use — originatorInfo and unauthAttrs; a second digest algorithm, crls and unsignedAttrs — is accepted",
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { OptionalParts = true }, new EnvelopeKnobs { OptionalParts = true }));

        yield return Refused("cms.two-signers",
            "a SignedData with two SignerInfos (the same signer twice, both valid) is refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { Signers = 2 }));

        yield return Refused("cms.econtent-type-not-data",
            "a SignedData whose eContentType (and content-type attribute) is id-ct-TSTInfo instead of id-data is refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { ContentType = "1.2.840.113549.1.9.16.1.4" }));

        yield return Refused("cms.nine-certificates",
            $"a SignedData embedding {MaxEmbedded + 1} well-formed certificates (the signer's, its chain and foreign ones) is refused with PATH_LIMIT",
            ReasonCode.PathLimit,
            (run, type) =>
            {
                using var foreign = new ForeignPki(run.Credentials.Participant, run.Time);
                var signing = run.Credentials.Signing;
                var embedded = 1 + signing.Chain.Count(c => !c.RawDataMemory.Span.SequenceEqual(signing.Certificate.RawDataMemory.Span));
                var strangers = foreign.Strangers(MaxEmbedded + 1 - embedded);
                try
                {
                    return run.Envelopes.Forge(type, new SignedDataKnobs { ExtraCertificates = strangers });
                }
                finally
                {
                    foreach (var stranger in strangers)
                    {
                        stranger.Dispose();
                    }
                }
            });

        yield return Refused("cms.signing-time-missing",
            "signed attributes without signing-time (content-type and message-digest only) are refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { SigningTime = false }));

        yield return Refused("cms.attribute-repeated",
            "signed attributes with message-digest twice (the same correct value) are refused with MALFORMED",
            ReasonCode.Malformed,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { RepeatedAttribute = CmsOids.MessageDigestAttribute }));

        yield return Accepted("cms.extra-signed-attribute",
            "signed attributes with one more attribute of a type the profile does not use (signed, otherwise ignored) are accepted",
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { ExtraAttribute = true }));

        yield return Refused("cms.signature-does-not-verify",
            "a well-formed signature by the sender's key over other bytes than the signed attributes is refused with BAD_SIGNATURE",
            ReasonCode.BadSignature,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { SignatureOverOtherBytes = true }));

        yield return Refused("cms.ecdsa-signature-not-der",
            "a valid ECDSA signature whose r is written with a needless leading zero octet (not DER) is refused with BAD_SIGNATURE",
            ReasonCode.BadSignature,
            (run, type) => run.Credentials.Signing.Key is System.Security.Cryptography.ECDsa
                ? run.Envelopes.Forge(type, new SignedDataKnobs { NonDerSignatureValue = true })
                : (null, "the sender's signing key is not an ECDSA key"));

        yield return Accepted("envelope.larger-size-bucket",
            "signed content padded to the bucket after the smallest that fits (size_bucket and the signed route saying so) is accepted",
            (run, type) => run.Envelopes.SealContent(type, content => ContentPadding.Pad(content, [], skipBuckets: 1)));

        yield return Refused("binding.length-not-size-bucket",
            "signed content one byte longer than the size_bucket its signed route and the routing header record is refused with HEADER_MISMATCH",
            ReasonCode.HeaderMismatch,
            (run, type) => run.Envelopes.SealContent(type, content =>
            {
                var bucket = ContentPadding.Pad(content, []).Length;
                content.Padding = ByteString.CopyFrom(new byte[content.Padding.Length + 1]);
                var encoded = content.ToByteArray();
                return encoded.Length != bucket ? encoded : throw new InvalidOperationException("the longer padding did not change the length");
            }));
    }
}
