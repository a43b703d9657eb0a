using System.Formats.Asn1;
using System.Security.Cryptography;
using CrossBorder.Core.Envelopes.Cms;
using Xunit.Abstractions;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>
/// Wycheproof ECDH P-256 (peer keys as DER SubjectPublicKeyInfo) through the calls
/// KeyAgreeRecipientInfo decryption makes: the originator key is read like the envelope reads it
/// (DER; id-ecPublicKey; parameters absent, NULL or our named curve; no unused bits), the point
/// goes through <see cref="CmsPrimitives.ImportPeerPoint"/>, and the key-encryption key comes
/// from <see cref="EcdhKek.Derive"/> with no ukm. The expected KEK is computed here independently
/// from the vector's shared secret: the X9.63 KDF with SHA-256 over
/// shared || 00000001 || DER(ECC-CMS-SharedInfo { id-aes256-wrap, [2] 00000100 }).
/// Our profile accepts only uncompressed points on our own curve. Like the envelope, absent or
/// NULL curve parameters mean "the recipient's curve": that is why two acceptable vectors
/// (tcId 484, parameters removed; tcId 533, curve OID replaced by NULL) give the right KEK.
/// </summary>
public class EcdhConformanceTests(ITestOutputHelper output)
{
    private const string CompressedValid = "valid but compressed point: refused by our profile (uncompressed only)";
    private const string AcceptableRefused = "acceptable: refused by our profile";
    private const string AcceptableAgreed = "acceptable: accepted with the right KEK";

    private static readonly byte[] SharedInfo = BuildSharedInfo();

    [Fact]
    public void Ecdh_p256_vectors_derive_the_kek_exactly_as_the_envelope_code_does_and_bad_peer_keys_are_refused()
    {
        var file = WycheproofFile.Load("ecdh_secp256r1_test.json");
        var tally = new VectorTally(file);
        foreach (var group in file.Groups)
        {
            Assert.Equal(("secp256r1", "asn"), (group.String("curve"), group.String("encoding")));
            foreach (var test in group.Tests)
            {
                tally.Count(test);
                var expected = ExpectedKek(test.Hex("shared"));
                var point = ReadOriginatorPoint(test.Hex("public"), out var refusal);
                using var ours = OurKey(test.Hex("private"));
                if (ours is null)
                {
                    tally.Fail(test, "private key out of range for P-256");
                    continue;
                }

                byte[]? kek = null;
                if (point is not null)
                {
                    kek = Agree(ours, point, out refusal);
                }

                var agreedCorrectly = kek is not null && kek.AsSpan().SequenceEqual(expected);
                switch (test.Result)
                {
                    // This file has no valid vector with a compressed point; the case stays so that
                    // one in a newer copy of the file is checked against our profile, not skipped.
                    case WycheproofResult.Valid when point is [0x02 or 0x03, ..]:
                        tally.Account(CompressedValid);
                        tally.Check(refusal == "ImportPeerPoint returned null", test, "a compressed point was not refused by ImportPeerPoint");
                        break;
                    case WycheproofResult.Valid:
                        tally.Check(agreedCorrectly, test, kek is null ? $"a valid peer key was refused ({refusal})" : "wrong KEK");
                        break;
                    case WycheproofResult.Invalid:
                        tally.Account(kek is null ? $"invalid: refused ({refusal})" : "invalid: not refused");
                        tally.Check(kek is null, test, agreedCorrectly ? "an invalid peer key yielded the vector's KEK" : "an invalid peer key was not refused");
                        break;
                    default:
                        tally.Account(kek is null ? $"{AcceptableRefused} ({refusal})" : AcceptableAgreed);
                        tally.Check(kek is null || agreedCorrectly, test, "an acceptable peer key yielded a wrong KEK");
                        break;
                }
            }
        }

        output.WriteLine(tally.Summary());
        tally.AssertAll(valid: 330, invalid: 52, acceptable: 230);
        Assert.Equal(230, tally.Accounted.Where(pair => pair.Key.StartsWith("acceptable:", StringComparison.Ordinal)).Sum(pair => pair.Value));
    }

    [Fact]
    public void Ecdh_kek_of_the_envelope_code_is_the_x963_kdf_over_the_shared_secret_and_the_cms_shared_info()
    {
        using var ours = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peerPublic = peer.PublicKey;
        var shared = ours.DeriveRawSecretAgreement(peerPublic);

        Assert.Equal(ExpectedKek(shared), EcdhKek.Derive(ours, peerPublic, []));
        Assert.Equal(
            Convert.FromHexString("3015300b060960864801650304012da206040400000100"),
            SharedInfo);
    }

    /// <summary>
    /// The originator's point, read the way the envelope reads an OriginatorPublicKey (whose
    /// content is a SubjectPublicKeyInfo); null with the reason when the envelope would refuse it
    /// before the point is imported.
    /// </summary>
    private static byte[]? ReadOriginatorPoint(byte[] subjectPublicKeyInfo, out string refusal)
    {
        try
        {
            var outer = new AsnReader(subjectPublicKeyInfo, AsnEncodingRules.DER);
            var reader = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var algorithm = AlgorithmIdentifier.Read(reader);
            var point = reader.ReadBitString(out var unused);
            reader.ThrowIfNotEmpty();
            if (algorithm.Oid != CmsOids.EcPublicKey || unused != 0)
            {
                refusal = "not an EC public key";
                return null;
            }

            if (!algorithm.HasNoParameters && !IsNamedCurve(algorithm.Parameters!.Value, CmsOids.NistP256))
            {
                refusal = "not our named curve";
                return null;
            }

            refusal = "";
            return point;
        }
        catch (AsnContentException)
        {
            refusal = "not DER";
            return null;
        }
    }

    private static bool IsNamedCurve(ReadOnlyMemory<byte> parameters, string curveOid)
    {
        var reader = new AsnReader(parameters, AsnEncodingRules.DER);
        return reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) && reader.ReadObjectIdentifier() == curveOid;
    }

    private static byte[]? Agree(ECDiffieHellman ours, byte[] point, out string refusal)
    {
        using var peer = CmsPrimitives.ImportPeerPoint(ours, point);
        if (peer is null)
        {
            refusal = "ImportPeerPoint returned null";
            return null;
        }

        using var peerPublic = peer.PublicKey;
        try
        {
            refusal = "";
            return EcdhKek.Derive(ours, peerPublic, []);
        }
        catch (CryptographicException)
        {
            refusal = "Derive threw";
            return null;
        }
    }

    /// <summary>Our static key from the vector's private scalar (big-endian, maybe with a leading 00); null when out of range.</summary>
    private static ECDiffieHellman? OurKey(byte[] scalar)
    {
        var significant = scalar.AsSpan().TrimStart((byte)0);
        if (significant.Length > 32)
        {
            return null;
        }

        var d = new byte[32];
        significant.CopyTo(d.AsSpan(32 - significant.Length));
        try
        {
            using var fromScalar = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            return ECDiffieHellman.Create(fromScalar.ExportParameters(true));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[] ExpectedKek(byte[] shared) => SHA256.HashData([.. shared, 0, 0, 0, 1, .. SharedInfo]);

    private static byte[] BuildSharedInfo()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.16.840.1.101.3.4.1.45"); // id-aes256-wrap, parameters absent
            }

            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            {
                writer.WriteOctetString([0x00, 0x00, 0x01, 0x00]); // suppPubInfo: 256 bits
            }
        }

        return writer.Encode();
    }
}
