using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>How the forge signs: the profile's algorithm for the key, or one a receiver must refuse.</summary>
internal enum ForgedSignature
{
    /// <summary>ECDSA P-256 with SHA-256, or RSASSA-PSS SHA-256/salt 32 for an RSA key: what Core writes.</summary>
    Profile,

    /// <summary>ecdsa-with-SHA1 over the signed attributes.</summary>
    EcdsaSha1,

    /// <summary>sha256WithRSAEncryption (RSA PKCS#1 v1.5); needs an RSA key.</summary>
    RsaPkcs1Sha256,
}

/// <summary>How the forge encrypts the content-encryption key to an RSA recipient.</summary>
internal enum ForgedKeyTransport
{
    /// <summary>RSAES-OAEP SHA-256 / MGF1-SHA-256, as Core writes it.</summary>
    OaepSha256,

    /// <summary>rsaEncryption: RSA PKCS#1 v1.5, OpenSSL's default for RSA recipients.</summary>
    Pkcs1,

    /// <summary>RSAES-OAEP with every parameter at its default (an empty SEQUENCE): SHA-1 and MGF1-SHA-1.</summary>
    OaepDefaults,
}

/// <summary>
/// The parts of a SignedData the forge can write off the profile (section 5.4). The defaults
/// write exactly what Core's sealing code writes.
/// </summary>
internal sealed record SignedDataKnobs
{
    public static readonly SignedDataKnobs Profile = new();

    /// <summary>SignerInfo.digestAlgorithm, which also hashes the message-digest attribute.</summary>
    public string DigestAlgorithm { get; init; } = CmsOids.Sha256;

    public ForgedSignature Signature { get; init; } = ForgedSignature.Profile;

    /// <summary>encapContentInfo.eContentType and the content-type attribute's value.</summary>
    public string ContentType { get; init; } = CmsOids.Data;

    public bool SigningTime { get; init; } = true;

    /// <summary>An attribute type (content-type, message-digest or signing-time) written twice, with two values.</summary>
    public string? RepeatedAttribute { get; init; }

    /// <summary>A signed attribute the profile does not use: signed, and otherwise to be ignored.</summary>
    public bool ExtraAttribute { get; init; }

    /// <summary>SignerInfos, each by the same signer one second apart.</summary>
    public int Signers { get; init; } = 1;

    /// <summary>Certificates embedded after the signer's and its chain.</summary>
    public IReadOnlyList<X509Certificate2> ExtraCertificates { get; init; } = [];

    /// <summary>The ECDSA signature value re-encoded with a needless leading zero octet in r (not DER).</summary>
    public bool NonDerSignatureValue { get; init; }

    /// <summary>A well-formed signature over other bytes than the signed attributes.</summary>
    public bool SignatureOverOtherBytes { get; init; }

    /// <summary>The optional parts a receiver ignores: a second digest algorithm, crls and unsignedAttrs.</summary>
    public bool OptionalParts { get; init; }

    /// <summary>The SignedData ContentInfo written with an indefinite length (BER).</summary>
    public bool IndefiniteLength { get; init; }
}

/// <summary>
/// The parts of the outer envelope the forge can write off the profile (sections 5.1 to 5.3). The
/// defaults write exactly what Core's sealing code writes.
/// </summary>
internal sealed record EnvelopeKnobs
{
    public static readonly EnvelopeKnobs Profile = new();

    /// <summary>An EnvelopedData (RFC 5652 section 6, AES-256-CBC) instead of an AuthEnvelopedData.</summary>
    public bool EnvelopedData { get; init; }

    /// <summary>The AuthEnvelopedData's content encryption: AES-256-GCM, or AES-256-CBC under the same structure.</summary>
    public string ContentEncryption { get; init; } = CmsOids.Aes256Gcm;

    public int Version { get; init; }

    /// <summary>encryptedContentInfo.contentType.</summary>
    public string EncryptedContentType { get; init; } = CmsOids.Data;

    /// <summary>authAttrs present (a content-type attribute), authenticated as the GCM additional data.</summary>
    public bool AuthAttributes { get; init; }

    /// <summary>The optional parts a receiver ignores: originatorInfo and unauthAttrs.</summary>
    public bool OptionalParts { get; init; }

    public ForgedKeyTransport KeyTransport { get; init; } = ForgedKeyTransport.OaepSha256;

    /// <summary>dhSinglePass-stdDH-sha1kdf-scheme (X9.63 KDF with SHA-1, OpenSSL's default) instead of the SHA-256 one.</summary>
    public bool Sha1Kdf { get; init; }

    /// <summary>User keying material in each KeyAgreeRecipientInfo, which enters the KDF's SharedInfo.</summary>
    public byte[]? Ukm { get; init; }

    /// <summary>The outer ContentInfo's length written in a non-minimal form (BER, not DER).</summary>
    public bool NonMinimalLength { get; init; }
}
