using System.Formats.Asn1;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// A DER element parsed with <see cref="AsnDecoder"/> into a tree (constructed elements hold
/// children, primitive ones their content), remembering where each element's content lay in
/// the parsed input, and re-encodable in DER after edits. The tests use it to find byte ranges
/// in envelopes and to rewrite them, instead of guessing offsets.
/// </summary>
internal sealed class DerNode
{
    private DerNode(byte[] tagBytes, Asn1Tag tag, int offset, int contentOffset, int contentLength, byte[] content, List<DerNode> children)
    {
        TagBytes = tagBytes;
        Offset = offset;
        Tag = tag;
        ContentOffset = contentOffset;
        ContentLength = contentLength;
        Content = content;
        Children = children;
    }

    /// <summary>The identifier octets as encoded.</summary>
    public byte[] TagBytes { get; set; }

    public Asn1Tag Tag { get; }

    /// <summary>Absolute offset of the element (its identifier octets) in the parsed input.</summary>
    public int Offset { get; }

    /// <summary>Absolute offset of the content octets in the parsed input.</summary>
    public int ContentOffset { get; }

    /// <summary>Length of the content octets in the parsed input.</summary>
    public int ContentLength { get; }

    /// <summary>The content of a primitive element (replace it to edit).</summary>
    public byte[] Content { get; set; }

    /// <summary>The elements inside a constructed element (edit the list to edit).</summary>
    public List<DerNode> Children { get; }

    public static DerNode Parse(byte[] der)
    {
        var node = Parse(der, 0, out var consumed);
        if (consumed != der.Length)
        {
            throw new InvalidOperationException("trailing data after the DER element");
        }

        return node;
    }

    /// <summary>Re-encodes the (possibly edited) tree in DER.</summary>
    public byte[] Encode()
    {
        var content = Tag.IsConstructed ? Children.SelectMany(c => c.Encode()).ToArray() : Content;
        return [.. TagBytes, .. EncodeLength(content.Length), .. content];
    }

    /// <summary>
    /// Names the innermost element holding byte <paramref name="offset"/>: its child-index path from
    /// this node, its tag, and whether the byte is in its header or its content.
    /// </summary>
    public string Describe(int offset)
    {
        var path = new List<int>();
        var node = this;
        while (node.Tag.IsConstructed && offset >= node.ContentOffset)
        {
            var index = node.Children.FindIndex(c => offset >= c.Offset && offset < c.ContentOffset + c.ContentLength);
            if (index < 0)
            {
                break;
            }

            path.Add(index);
            node = node.Children[index];
        }

        var part = offset < node.ContentOffset ? "header" : $"content byte {offset - node.ContentOffset}";
        return $"/{string.Join('/', path)} {node.Tag} {part}";
    }

    public override string ToString() => $"{Tag} ({ContentLength} bytes at {ContentOffset})";

    private static DerNode Parse(byte[] whole, int offset, out int consumed)
    {
        var span = whole.AsSpan(offset);
        AsnDecoder.ReadEncodedValue(span, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out consumed);
        var tag = Asn1Tag.Decode(span, out var tagLength);
        var tagBytes = span[..tagLength].ToArray();
        var children = new List<DerNode>();
        byte[] content = [];
        if (tag.IsConstructed)
        {
            var position = offset + contentOffset;
            var end = position + contentLength;
            while (position < end)
            {
                children.Add(Parse(whole[..end], position, out var childLength));
                position += childLength;
            }
        }
        else
        {
            content = span.Slice(contentOffset, contentLength).ToArray();
        }

        return new DerNode(tagBytes, tag, offset, offset + contentOffset, contentLength, content, children);
    }

    private static byte[] EncodeLength(int length)
    {
        if (length < 0x80)
        {
            return [(byte)length];
        }

        var bytes = new List<byte>();
        for (var rest = length; rest > 0; rest >>= 8)
        {
            bytes.Insert(0, (byte)rest);
        }

        return [(byte)(0x80 | bytes.Count), .. bytes];
    }
}
