using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using static CrossBorder.Conformance.Cases.ForgedCase;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 5: the algorithms the sealed-envelope profile refuses, each as a sender with another
/// library's defaults would really send it — CBC content encryption, RSA PKCS#1 v1.5 and SHA-1
/// OAEP key transport, the SHA-1 KDF, SHA-1 digests and signatures, PKCS#1 v1.5 signatures —
/// everything else as the profile wants it; and the KDF's optional user keying material, which a
/// receiver must take.
/// </summary>
internal static class AlgorithmCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Refused("algorithms.enveloped-data-cbc",
            "an EnvelopedData with AES-256-CBC content encryption (as openssl cms -encrypt -aes256 writes it), keys as the profile wants them, is refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { EnvelopedData = true }));

        yield return Refused("algorithms.content-aes256-cbc",
            "an AuthEnvelopedData whose content encryption is id-aes256-CBC is refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { ContentEncryption = CmsOids.Aes256Cbc }));

        yield return ToRsa("algorithms.key-transport-pkcs1",
            "a content key encrypted to the target's RSA certificate with rsaEncryption (PKCS#1 v1.5, OpenSSL's default) is refused with ALG_REFUSED",
            ForgedKeyTransport.Pkcs1);

        yield return ToRsa("algorithms.key-transport-oaep-sha1",
            "a content key encrypted to the target's RSA certificate with RSAES-OAEP at its default parameters (SHA-1, MGF1-SHA-1) is refused with ALG_REFUSED",
            ForgedKeyTransport.OaepDefaults);

        yield return Refused("algorithms.ecdh-sha1-kdf",
            "a content key agreed with the target's EC certificate under dhSinglePass-stdDH-sha1kdf-scheme (the SHA-1 KDF, OpenSSL's default) is refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => ToEc(run, type, new EnvelopeKnobs { Sha1Kdf = true }));

        yield return Accepted("algorithms.ecdh-with-ukm",
            "a content key agreed with the target's EC certificate with user keying material (ukm), which enters the KDF's SharedInfo as [0] entityUInfo, is accepted",
            (run, type) => ToEc(run, type, new EnvelopeKnobs { Ukm = [.. "conformance ukm"u8] }));

        yield return Refused("algorithms.digest-sha1",
            "a SignerInfo whose digest algorithm is SHA-1 (message digest SHA-1, signature ECDSA with SHA-256 as the profile wants) is refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => run.Envelopes.Forge(type, new SignedDataKnobs { DigestAlgorithm = CmsOids.Sha1 }));

        yield return Refused("algorithms.signature-ecdsa-sha1",
            "signed attributes signed with ecdsa-with-SHA1 (by the sender's EC key or, if it has none, an EC key of a foreign CA) are refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => SignedBy(run, type, rsa: false, ForgedSignature.EcdsaSha1));

        yield return Refused("algorithms.signature-pkcs1",
            "signed attributes signed with sha256WithRSAEncryption (PKCS#1 v1.5; by the sender's RSA key or, if it has none, an RSA key of a foreign CA: the algorithm check, step 18 of section 12.3, comes before the path) are refused with ALG_REFUSED",
            ReasonCode.AlgRefused,
            (run, type) => SignedBy(run, type, rsa: true, ForgedSignature.RsaPkcs1Sha256));
    }

    private static ConformanceCase ToRsa(string id, string expectation, ForgedKeyTransport keyTransport) =>
        Refused(id, expectation, ReasonCode.AlgRefused, (run, type) =>
        {
            var (certificates, unplayable) = TargetKeys(run, rsa: true);
            return certificates is null
                ? (null, unplayable)
                : run.Envelopes.Forge(type, envelope: new EnvelopeKnobs { KeyTransport = keyTransport }, recipients: certificates);
        });

    private static (SealedEnvelope?, string?) ToEc(CaseRun run, MessageType type, EnvelopeKnobs knobs)
    {
        var (certificates, unplayable) = TargetKeys(run, rsa: false);
        return certificates is null ? (null, unplayable) : run.Envelopes.Forge(type, envelope: knobs, recipients: certificates);
    }

    /// <summary>Signed with <paramref name="signature"/> by the sender's key when it is of the right type, else by a foreign CA's key naming the sender.</summary>
    private static (SealedEnvelope?, string?) SignedBy(CaseRun run, MessageType type, bool rsa, ForgedSignature signature)
    {
        var knobs = new SignedDataKnobs { Signature = signature };
        if ((run.Credentials.Signing.Key is System.Security.Cryptography.RSA) == rsa)
        {
            return run.Envelopes.Forge(type, knobs);
        }

        using var foreign = new ForeignPki(run.Credentials.Participant, run.Time);
        var signer = rsa ? foreign.RsaSigner() : foreign.Signer();
        try
        {
            return run.Envelopes.Forge(type, knobs, signer: signer);
        }
        finally
        {
            Dispose(signer);
        }
    }

    private static void Dispose(SigningIdentity signer)
    {
        signer.Key.Dispose();
        signer.Certificate.Dispose();
    }
}
