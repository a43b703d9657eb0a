using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Testing.Pki;

/// <summary>
/// The one way tests make CRLs: an issuer (or a forger signing in its name), a CRL number, this
/// and next update, the revoked certificates, and the odd but well-formed structures an attacker
/// or a careless CA produces (no CRL number, an extension no validator knows). A deliberately
/// malformed CRL is a documented raw-bytes mutation of this builder's output, in the test that
/// needs it.
/// </summary>
internal sealed class TestCrlBuilder
{
    private const string CrlNumberOid = "2.5.29.20";

    private readonly X509Certificate2 _issuer;
    private readonly X509SignatureGenerator _signer;
    private readonly CertificateRevocationListBuilder _builder = new();
    private readonly List<X509Extension> _extensions = [];
    private BigInteger _number = BigInteger.One;
    private bool _numbered = true;
    private DateTimeOffset? _thisUpdate;
    private DateTimeOffset _nextUpdate;
    private bool _nextUpdateSet;

    private TestCrlBuilder(X509Certificate2 issuer, X509SignatureGenerator signer)
    {
        _issuer = issuer;
        _signer = signer;
    }

    /// <summary>A CRL of <paramref name="issuer"/>, signed with its key.</summary>
    public static TestCrlBuilder By(TestCertificate issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return new TestCrlBuilder(issuer.Certificate, issuer.IssuerSigner);
    }

    /// <summary>A CRL in <paramref name="issuer"/>'s name signed with <paramref name="key"/> (its own, or a forger's).</summary>
    public static TestCrlBuilder By(X509Certificate2 issuer, AsymmetricAlgorithm key) =>
        new(issuer, TestCertificateBuilder.SignerFor(key));

    /// <summary>A CRL in <paramref name="issuer"/>'s name signed by <paramref name="signer"/>.</summary>
    public static TestCrlBuilder By(X509Certificate2 issuer, X509SignatureGenerator signer) => new(issuer, signer);

    /// <summary>The CRL number (1 when not given).</summary>
    public TestCrlBuilder Number(BigInteger number)
    {
        _number = number;
        return this;
    }

    /// <summary>Leaves the CRL number out, which RFC 5280 requires of a CA (a CRL without one covers nothing here).</summary>
    public TestCrlBuilder WithoutCrlNumber()
    {
        _numbered = false;
        return this;
    }

    /// <summary>An extension the test makes itself, after the CRL's own (e.g. a critical one no validator knows).</summary>
    public TestCrlBuilder Extension(X509Extension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        _extensions.Add(extension);
        return this;
    }

    /// <summary>This update and next update.</summary>
    public TestCrlBuilder Valid(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        _thisUpdate = thisUpdate;
        _nextUpdate = nextUpdate;
        _nextUpdateSet = true;
        return this;
    }

    /// <summary>Revokes <paramref name="certificate"/> at <paramref name="when"/>, with a reason when given.</summary>
    public TestCrlBuilder Revoke(X509Certificate2 certificate, DateTimeOffset when, X509RevocationReason? reason = null)
    {
        _builder.AddEntry(certificate, when, reason);
        return this;
    }

    /// <summary>The DER of the CRL, with the issuer's key identifier as authority key identifier.</summary>
    public byte[] Build()
    {
        if (!_nextUpdateSet)
        {
            throw new InvalidOperationException("a test CRL states its validity: call Valid(thisUpdate, nextUpdate)");
        }

        var aki = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(TestCertificateBuilder.IssuerKeyIdentifier(_issuer));
        var crl = _builder.Build(_issuer.SubjectName, _signer, _number, _nextUpdate, HashAlgorithmName.SHA256, aki, _thisUpdate);
        return _numbered && _extensions.Count == 0 ? crl : Reshape(crl);
    }

    /// <summary>
    /// .NET's CRL builder always writes a CRL number and only the extensions it knows: the CRL's
    /// extensions are written again as asked (the CRL number left out, the test's added) and the
    /// signed part signed again by the same signer.
    /// </summary>
    private byte[] Reshape(byte[] crl)
    {
        var tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var rewritten = new AsnWriter(AsnEncodingRules.DER);
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        using (rewritten.PushSequence())
        {
            while (tbs.HasData && !tbs.PeekTag().HasSameClassAndValue(extensionsTag))
            {
                rewritten.WriteEncodedValue(tbs.ReadEncodedValue().Span);
            }

            var kept = new List<ReadOnlyMemory<byte>>();
            if (tbs.HasData)
            {
                var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                while (extensions.HasData)
                {
                    var extension = extensions.ReadEncodedValue();
                    var oid = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                    if (_numbered || oid != CrlNumberOid)
                    {
                        kept.Add(extension);
                    }
                }
            }

            if (kept.Count + _extensions.Count == 0)
            {
                return Sign(rewritten.Encode());
            }

            using (rewritten.PushSequence(extensionsTag))
            using (rewritten.PushSequence())
            {
                kept.ForEach(e => rewritten.WriteEncodedValue(e.Span));
                foreach (var extension in _extensions)
                {
                    using (rewritten.PushSequence())
                    {
                        rewritten.WriteObjectIdentifier(extension.Oid!.Value!);
                        if (extension.Critical)
                        {
                            rewritten.WriteBoolean(true);
                        }

                        rewritten.WriteOctetString(extension.RawData);
                    }
                }
            }
        }

        return Sign(rewritten.Encode());
    }

    private byte[] Sign(byte[] toBeSigned)
    {
        var signed = new AsnWriter(AsnEncodingRules.DER);
        using (signed.PushSequence())
        {
            signed.WriteEncodedValue(toBeSigned);
            signed.WriteEncodedValue(_signer.GetSignatureAlgorithmIdentifier(HashAlgorithmName.SHA256));
            signed.WriteBitString(_signer.SignData(toBeSigned, HashAlgorithmName.SHA256));
        }

        return signed.Encode();
    }
}
