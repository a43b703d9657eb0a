using CrossBorder.Contracts.V1;
using Google.Protobuf;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// The outer form of a signed receipt (WS-11-1), read from its DER without keys: a ContentInfo of
/// type id-signedData whose encapsulated content is id-data and parses as one Receipt. The
/// signature, signer and contents are the sender's receipt check's job.
/// </summary>
internal static class ReceiptForm
{
    /// <summary>1.2.840.113549.1.7.2, as encoded.</summary>
    private static readonly byte[] SignedData = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

    /// <summary>1.2.840.113549.1.7.1, as encoded.</summary>
    private static readonly byte[] Data = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];

    /// <summary>What is wrong with the form, or null when it is a SignedData over an encoded Receipt.</summary>
    public static string? Describe(byte[] signedReceipt)
    {
        ArgumentNullException.ThrowIfNull(signedReceipt);
        try
        {
            var root = DerNode.Parse(signedReceipt);
            if (root.ContentOffset + root.ContentLength != signedReceipt.Length)
            {
                return "bytes after the ContentInfo";
            }

            if (root.Children is not [{ Tag: 0x06 } type, { Tag: 0xA0 } explicitContent] || !Bytes(signedReceipt, type).SequenceEqual(SignedData))
            {
                return "a ContentInfo that is not of type id-signedData (an encrypted or other receipt)";
            }

            // SignedData: version, digestAlgorithms, encapContentInfo, ...
            var signed = explicitContent.Children[0];
            if (signed.Children.Count < 3 || signed.Children[2].Children is not [{ Tag: 0x06 } contentType, { Tag: 0xA0 } content]
                || !Bytes(signedReceipt, contentType).SequenceEqual(Data)
                || content.Children is not [{ Tag: 0x04 } octets])
            {
                return "a SignedData without attached id-data content";
            }

            Receipt.Parser.ParseFrom(Bytes(signedReceipt, octets).ToArray());
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return $"a receipt that does not parse as ContentInfo(SignedData) over a Receipt ({ex.GetType().Name})";
        }
    }

    private static ReadOnlySpan<byte> Bytes(byte[] der, DerNode node) => der.AsSpan(node.ContentOffset, node.ContentLength);
}
