using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Writes a ContentInfo(SignedData) as Core's sealing code does (content attached as id-data, one
/// signer by issuer and serial, content-type, signing-time and message-digest attributes), or off
/// the profile as <see cref="SignedDataKnobs"/> says: what a sloppy or outdated sender might send.
/// </summary>
internal static class SignedDataForge
{
    /// <summary>An attribute type no standard defines (a UUID OID), for attributes a receiver ignores.</summary>
    public const string UnknownAttribute = "2.25.329800735698586629295641978511506172918";

    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Implicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Implicit1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    public static byte[] Write(ReadOnlySpan<byte> content, SigningIdentity signer, DateTimeOffset signingTime, SignedDataKnobs knobs)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(knobs);
        var signerInfos = new List<byte[]>();
        for (var i = 0; i < knobs.Signers; i++)
        {
            signerInfos.Add(SignerInfo(content, signer, signingTime.AddSeconds(i), knobs));
        }

        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: content.Length + 4096);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.SignedData);
            using (writer.PushSequence(Explicit0))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    AlgorithmIdentifier.Write(writer, knobs.DigestAlgorithm);
                    if (knobs.OptionalParts)
                    {
                        AlgorithmIdentifier.Write(writer, CmsOids.Sha384);
                    }
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(knobs.ContentType);
                    using (writer.PushSequence(Explicit0))
                    {
                        writer.WriteOctetString(content);
                    }
                }

                using (writer.PushSetOf(Implicit0))
                {
                    writer.WriteEncodedValue(signer.Certificate.RawData);
                    foreach (var certificate in signer.Chain.Concat(knobs.ExtraCertificates).Where(c => !c.RawDataMemory.Span.SequenceEqual(signer.Certificate.RawDataMemory.Span)))
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                if (knobs.OptionalParts)
                {
                    using (writer.PushSetOf(Implicit1))
                    {
                        writer.WriteEncodedValue(ThrowawayCrl());
                    }
                }

                using (writer.PushSetOf())
                {
                    foreach (var signerInfo in signerInfos)
                    {
                        writer.WriteEncodedValue(signerInfo);
                    }
                }
            }
        }

        var der = writer.Encode();
        return knobs.IndefiniteLength ? BerLengths.Indefinite(der) : der;
    }

    private static byte[] SignerInfo(ReadOnlySpan<byte> content, SigningIdentity signer, DateTimeOffset signingTime, SignedDataKnobs knobs)
    {
        var attributes = SignedAttributes(content, signingTime, knobs);
        var signed = knobs.SignatureOverOtherBytes ? [.. attributes, 0x00] : attributes;
        var (algorithm, signature) = Sign(signer.Key, signed, knobs.Signature);
        if (knobs.NonDerSignatureValue)
        {
            signature = PadR(signature);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            SignerIdentifiers.WriteIssuerAndSerial(writer, signer.Certificate);
            AlgorithmIdentifier.Write(writer, knobs.DigestAlgorithm);

            // The signature covers the attributes with a SET tag; the message carries them as [0] IMPLICIT.
            var implicitAttributes = (byte[])attributes.Clone();
            implicitAttributes[0] = 0xA0;
            writer.WriteEncodedValue(implicitAttributes);
            algorithm(writer);
            writer.WriteOctetString(signature);
            if (knobs.OptionalParts)
            {
                using (writer.PushSetOf(Implicit1))
                {
                    WriteAttribute(writer, UnknownAttribute, w => w.WriteOctetString([0x01]));
                }
            }
        }

        return writer.Encode();
    }

    private static (Action<AsnWriter> Algorithm, byte[] Signature) Sign(AsymmetricAlgorithm key, byte[] data, ForgedSignature how) => (how, key) switch
    {
        (ForgedSignature.Profile, ECDsa ecdsa) => (w => AlgorithmIdentifier.Write(w, CmsOids.EcdsaWithSha256), ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        (ForgedSignature.Profile, RSA rsa) => (PssParameters.Write, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)),
        (ForgedSignature.EcdsaSha1, ECDsa ecdsa) => (w => AlgorithmIdentifier.Write(w, CmsOids.EcdsaWithSha1), ecdsa.SignData(data, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence)),
        (ForgedSignature.RsaPkcs1Sha256, RSA rsa) => (WithNullParameters(CmsOids.Sha256WithRsa), rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
        _ => throw new InvalidOperationException($"a {key.GetType().Name} key cannot make a {how} signature"),
    };

    private static Action<AsnWriter> WithNullParameters(string oid) => writer =>
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteNull();
        }
    };

    private static byte[] SignedAttributes(ReadOnlySpan<byte> content, DateTimeOffset signingTime, SignedDataKnobs knobs)
    {
        var digest = knobs.DigestAlgorithm switch
        {
#pragma warning disable CA5350 // SHA-1 on purpose: the receiver must refuse it.
            CmsOids.Sha1 => SHA1.HashData(content),
#pragma warning restore CA5350
            CmsOids.Sha256 => SHA256.HashData(content),
            _ => throw new InvalidOperationException($"the forge does not hash with {knobs.DigestAlgorithm}"),
        };
        var repeated = knobs.RepeatedAttribute;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            for (var i = 0; i < (repeated == CmsOids.ContentTypeAttribute ? 2 : 1); i++)
            {
                WriteAttribute(writer, CmsOids.ContentTypeAttribute, w => w.WriteObjectIdentifier(knobs.ContentType));
            }

            for (var i = 0; knobs.SigningTime && i < (repeated == CmsOids.SigningTimeAttribute ? 2 : 1); i++)
            {
                var time = signingTime.AddSeconds(-i);
                WriteAttribute(writer, CmsOids.SigningTimeAttribute, w => WriteTime(w, time));
            }

            for (var i = 0; i < (repeated == CmsOids.MessageDigestAttribute ? 2 : 1); i++)
            {
                WriteAttribute(writer, CmsOids.MessageDigestAttribute, w => w.WriteOctetString(digest));
            }

            if (knobs.ExtraAttribute)
            {
                WriteAttribute(writer, UnknownAttribute, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, "conformance"));
            }
        }

        return writer.Encode();
    }

    private static void WriteAttribute(AsnWriter writer, string type, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(type);
            using (writer.PushSetOf())
            {
                value(writer);
            }
        }
    }

    /// <summary>RFC 5652: UTCTime for 1950–2049, GeneralizedTime otherwise, whole seconds.</summary>
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var whole = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
        if (utc.Year is >= 1950 and < 2050)
        {
            writer.WriteUtcTime(whole);
        }
        else
        {
            writer.WriteGeneralizedTime(whole, omitFractionalSeconds: true);
        }
    }

    /// <summary>The same r and s, r written with one more leading zero octet than DER allows.</summary>
    private static byte[] PadR(byte[] signature)
    {
        var sequence = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
        var r = sequence.ReadIntegerBytes().ToArray();
        var s = sequence.ReadIntegerBytes().ToArray();
        byte[] paddedR = [0x00, .. r];
        byte[] body = [0x02, (byte)paddedR.Length, .. paddedR, 0x02, (byte)s.Length, .. s];
        return [0x30, (byte)body.Length, .. body];
    }

    /// <summary>An empty CRL of a throwaway CA: well-formed revocation data that no trust list vouches for.</summary>
    private static byte[] ThrowawayCrl()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Conformance Throwaway CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var from = DateTimeOffset.UnixEpoch.AddYears(50);
        using var ca = request.CreateSelfSigned(from, from.AddYears(100));
        return new CertificateRevocationListBuilder().Build(ca, BigInteger.One, from.AddYears(99), HashAlgorithmName.SHA256, thisUpdate: from);
    }
}
