using System.Formats.Asn1;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>Where the parts of our CMS structures sit in a <see cref="DerNode"/> tree.</summary>
internal static class CmsLayout
{
    private static readonly Asn1Tag KeyAgreeRecipientInfo = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>ContentInfo → [0] → AuthEnvelopedData (or SignedData).</summary>
    public static DerNode Inner(DerNode contentInfo) => contentInfo.Children[1].Children[0];

    public static DerNode RecipientInfos(DerNode contentInfo) => Inner(contentInfo).Children.Single(c => c.Tag.HasSameClassAndValue(Asn1Tag.SetOf));

    public static DerNode EncryptedContentInfo(DerNode contentInfo) => Inner(contentInfo).Children[^2];

    /// <summary>The [0] IMPLICIT encryptedContent: the GCM ciphertext.</summary>
    public static DerNode Ciphertext(DerNode contentInfo) => EncryptedContentInfo(contentInfo).Children[2];

    /// <summary>The GCMParameters SEQUENCE { nonce, icvLen }.</summary>
    public static DerNode GcmParameters(DerNode contentInfo) => EncryptedContentInfo(contentInfo).Children[1].Children[1];

    /// <summary>The mac OCTET STRING: the GCM tag.</summary>
    public static DerNode Mac(DerNode contentInfo) => Inner(contentInfo).Children[^1];

    /// <summary>The encryptedKey of the first KeyAgreeRecipientInfo's first RecipientEncryptedKey: the wrapped CEK.</summary>
    public static DerNode EcWrappedKey(DerNode contentInfo) =>
        RecipientInfos(contentInfo).Children.First(c => c.Tag.HasSameClassAndValue(KeyAgreeRecipientInfo)).Children[^1].Children[0].Children[1];

    /// <summary>The keyEncryptionAlgorithm of the first KeyAgreeRecipientInfo.</summary>
    public static DerNode EcKeyEncryptionAlgorithm(DerNode contentInfo) =>
        RecipientInfos(contentInfo).Children.First(c => c.Tag.HasSameClassAndValue(KeyAgreeRecipientInfo)).Children[^2];

    /// <summary>The first KeyTransRecipientInfo.</summary>
    public static DerNode KeyTransRecipientInfo(DerNode contentInfo) =>
        RecipientInfos(contentInfo).Children.First(c => c.Tag.HasSameClassAndValue(Asn1Tag.Sequence));

    /// <summary>The encryptedKey of the first KeyTransRecipientInfo: the RSA-OAEP encrypted CEK.</summary>
    public static DerNode RsaEncryptedKey(DerNode contentInfo) => KeyTransRecipientInfo(contentInfo).Children[3];

    /// <summary>The only SignerInfo of a ContentInfo(SignedData).</summary>
    public static DerNode SignerInfo(DerNode signedContentInfo) => Inner(signedContentInfo).Children[^1].Children.Single();

    /// <summary>The signature OCTET STRING of the only SignerInfo (no unsigned attributes).</summary>
    public static DerNode Signature(DerNode signedContentInfo) => SignerInfo(signedContentInfo).Children[^1];

    /// <summary>The signatureAlgorithm of the only SignerInfo.</summary>
    public static DerNode SignatureAlgorithm(DerNode signedContentInfo) => SignerInfo(signedContentInfo).Children[^2];

    /// <summary>The digestAlgorithm of the only SignerInfo.</summary>
    public static DerNode DigestAlgorithm(DerNode signedContentInfo) => SignerInfo(signedContentInfo).Children[2];

    /// <summary>The attached content OCTET STRING.</summary>
    public static DerNode SignedContent(DerNode signedContentInfo) => Inner(signedContentInfo).Children[2].Children[1].Children[0];

    /// <summary>The OID of an AlgorithmIdentifier node, or of an OID node.</summary>
    public static string Oid(DerNode node)
    {
        var oidNode = node.Tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? node : node.Children[0];
        return AsnDecoder.ReadObjectIdentifier([.. oidNode.TagBytes, (byte)oidNode.Content.Length, .. oidNode.Content], AsnEncodingRules.DER, out _);
    }
}
