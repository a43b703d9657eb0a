using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Support;

/// <summary>
/// The CRL builder's odd structures are what the tests that use them claim: the CRL number left
/// out, the test's extension added with its criticality, the revoked entries kept, and the whole
/// still signed by the issuer, so a CRL refused for its structure is not refused for its signature.
/// </summary>
public sealed class TestCrlBuilderTests
{
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string CrlNumberOid = "2.5.29.20";
    private const string UnknownExtension = "1.3.6.1.4.1.55555.1.1";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    [Fact]
    public void A_plain_crl_carries_its_authority_key_identifier_and_crl_number_and_is_signed_by_its_issuer()
    {
        using var ca = Ca();

        var crl = Read(TestCrlBuilder.By(ca).Valid(Now.AddHours(-1), Now.AddDays(7)).Build(), ca);

        Assert.Equal([(AuthorityKeyIdentifierOid, false), (CrlNumberOid, false)], crl.Extensions);
    }

    [Fact]
    public void An_odd_crl_lacks_the_crl_number_carries_the_added_extension_and_is_still_signed_by_its_issuer()
    {
        using var ca = Ca();
        using var revoked = TestCertificateBuilder.For("CN=Revoked").EndEntity().Valid(Now.AddDays(-1), Now.AddDays(30)).IssuedBy(ca).Build();

        var crl = Read(
            TestCrlBuilder.By(ca).Valid(Now.AddHours(-1), Now.AddDays(7)).Revoke(revoked.Certificate, Now.AddHours(-2))
                .WithoutCrlNumber().Extension(new X509Extension(UnknownExtension, [0x05, 0x00], critical: true)).Build(),
            ca);

        Assert.Equal([(AuthorityKeyIdentifierOid, false), (UnknownExtension, true)], crl.Extensions);
        Assert.Equal(revoked.Certificate.SerialNumberBytes.ToArray(), Assert.Single(crl.RevokedSerials));
    }

    private static TestCertificate Ca() =>
        TestCertificateBuilder.For("CN=Builder Test CA").Ca().CaKeyUsage().SubjectKeyIdentifier().Valid(Now.AddDays(-1), Now.AddYears(1)).Build();

    /// <summary>Checks the signature with the issuer's public key and reads the extensions (OID, critical) and revoked serials.</summary>
    private static (List<(string Oid, bool Critical)> Extensions, List<byte[]> RevokedSerials) Read(byte[] der, TestCertificate issuer)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var toBeSigned = outer.ReadEncodedValue();
        Assert.Equal(EcdsaWithSha256, outer.ReadSequence().ReadObjectIdentifier());
        var signature = outer.ReadBitString(out _);
        using var key = issuer.Certificate.GetECDsaPublicKey()!;
        Assert.True(key.VerifyData(toBeSigned.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        var tbs = new AsnReader(toBeSigned, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(1, (int)tbs.ReadInteger());
        tbs.ReadSequence();
        tbs.ReadEncodedValue();
        tbs.ReadEncodedValue();
        tbs.ReadEncodedValue();
        var serials = new List<byte[]>();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                serials.Add(entries.ReadSequence().ReadIntegerBytes().ToArray());
            }
        }

        var extensions = new List<(string, bool)>();
        var list = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        while (list.HasData)
        {
            var extension = list.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            extensions.Add((oid, critical));
        }

        Assert.False(tbs.HasData);
        return (extensions, serials);
    }
}
