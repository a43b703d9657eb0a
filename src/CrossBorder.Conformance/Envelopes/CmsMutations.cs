using CrossBorder.Contracts.V1;
using Google.Protobuf;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Damage to one field of a sealed ContentInfo(AuthEnvelopedData) (RFC 5083), one bit flipped in
/// the middle of that field, every other byte as sealed: the ciphertext (encryptedContent), the
/// GCM tag (mac), or the wrapped content-encryption key (the last encryptedKey of the first
/// RecipientInfo, for key transport and key agreement alike).
/// </summary>
internal static class CmsMutations
{
    private const byte OctetString = 0x04;
    private const byte ImplicitZeroPrimitive = 0x80;

    public static SealedEnvelope TamperCiphertext(SealedEnvelope envelope) => Flip(envelope, root =>
    {
        var encryptedContentInfo = AuthEnvelopedData(root).Children.First(c => c.Tag == 0x30 && c.Children.Count >= 2 && c.Children[0].Tag == 0x06);
        return encryptedContentInfo.Children.First(c => c.Tag == ImplicitZeroPrimitive);
    });

    public static SealedEnvelope TamperTag(SealedEnvelope envelope) => Flip(envelope, root =>
        AuthEnvelopedData(root).Children.Last(c => c.Tag == OctetString));

    public static SealedEnvelope TamperWrappedKey(SealedEnvelope envelope) => Flip(envelope, root =>
    {
        var recipientInfos = AuthEnvelopedData(root).Children.First(c => c.Tag == 0x31);
        return LastOctetString(recipientInfos.Children[0]) ?? throw new InvalidDataException("no encryptedKey in the first RecipientInfo");
    });

    /// <summary>ContentInfo → [0] EXPLICIT → AuthEnvelopedData SEQUENCE.</summary>
    private static DerNode AuthEnvelopedData(DerNode contentInfo) => contentInfo.Children[1].Children[0];

    private static DerNode? LastOctetString(DerNode node)
    {
        if (node.Tag == OctetString)
        {
            return node;
        }

        for (var i = node.Children.Count - 1; i >= 0; i--)
        {
            if (LastOctetString(node.Children[i]) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static SealedEnvelope Flip(SealedEnvelope envelope, Func<DerNode, DerNode> field)
    {
        var bytes = envelope.Sealed.ToByteArray();
        var target = field(DerNode.Parse(bytes));
        if (target.ContentLength == 0)
        {
            throw new InvalidDataException("the field to tamper with is empty");
        }

        bytes[target.ContentOffset + (target.ContentLength / 2)] ^= 0x01;
        return new SealedEnvelope { Route = envelope.Route.Clone(), Sealed = ByteString.CopyFrom(bytes) };
    }
}
