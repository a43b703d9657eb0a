using System.Formats.Asn1;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// A SignedData brings at most <see cref="SignedDataReader.MaxCertificates"/> certificates into path
/// building; one carrying more is refused with PATH_LIMIT before any of them is parsed.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class SignedDataCertificateCapTests(CmsPki pki)
{
    private static readonly Asn1Tag CertificatesTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly byte[] Content = OpensslToCrossBorderTests.SampleContent(500, 3);

    [Fact]
    public void Open_rejects_a_signed_data_carrying_more_certificates_than_the_cap_with_path_limit()
    {
        // Nine junk "certificates" (SEQUENCE { INTEGER n }) ahead of the signer's two: were any of
        // them parsed, the answer would be MALFORMED; the cap comes first.
        var envelope = EnvelopeWithExtraCertificates(9);

        Assert.Equal(ReasonCode.PathLimit, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public void Open_parses_the_certificates_of_a_signed_data_within_the_cap()
    {
        // The control: six junk entries plus the signer's two make eight, within the cap, so
        // the junk is parsed and refused as malformed.
        var envelope = EnvelopeWithExtraCertificates(SignedDataReader.MaxCertificates - 2);

        Assert.Equal(ReasonCode.Malformed, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    private byte[] EnvelopeWithExtraCertificates(int extra)
    {
        var signed = DerNode.Parse(SignedDataWriter.Write(Content, pki.EcSigner.Certificate, pki.EcSigner.Key, [pki.Intermediate], pki.Now));
        var certificates = CmsLayout.Inner(signed).Children.Single(c => c.Tag.HasSameClassAndValue(CertificatesTag));
        Assert.Equal(2, certificates.Children.Count);

        // 30 03 02 01 nn sorts before any real certificate (30 82 ...): the SET OF stays in DER order.
        for (var i = extra; i >= 1; i--)
        {
            certificates.Children.Insert(0, DerNode.Parse([0x30, 0x03, 0x02, 0x01, (byte)i]));
        }

        return AuthEnvelopedDataWriter.Write(signed.Encode(), [pki.EcRecipient.Certificate]);
    }
}
