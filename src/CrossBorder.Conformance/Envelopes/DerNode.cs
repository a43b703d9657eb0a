namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// One DER TLV of an encoding, with where its contents lie, so that a mutation can change
/// exactly one field's bytes and leave every other byte as sealed. Definite lengths only (DER).
/// </summary>
internal sealed record DerNode(byte Tag, int ContentOffset, int ContentLength, IReadOnlyList<DerNode> Children)
{
    private const byte Constructed = 0x20;

    public bool IsConstructed => (Tag & Constructed) != 0;

    /// <summary>Parses the TLV at <paramref name="offset"/> and, for constructed ones, its children.</summary>
    public static DerNode Parse(ReadOnlySpan<byte> der, int offset = 0)
    {
        var tag = der[offset];
        if ((tag & 0x1F) == 0x1F)
        {
            throw new InvalidDataException("multi-byte tags do not occur in the envelope profile");
        }

        var (length, lengthBytes) = Length(der, offset + 1);
        var contentOffset = offset + 1 + lengthBytes;
        if (contentOffset + length > der.Length)
        {
            throw new InvalidDataException("a DER length runs past the end");
        }

        var children = new List<DerNode>();
        if ((tag & Constructed) != 0)
        {
            var position = contentOffset;
            while (position < contentOffset + length)
            {
                var child = Parse(der, position);
                children.Add(child);
                position = child.ContentOffset + child.ContentLength;
            }
        }

        return new DerNode(tag, contentOffset, length, children);
    }

    private static (int Length, int Bytes) Length(ReadOnlySpan<byte> der, int offset)
    {
        var first = der[offset];
        if (first < 0x80)
        {
            return (first, 1);
        }

        var count = first & 0x7F;
        if (count is 0 or > 4)
        {
            throw new InvalidDataException("indefinite or oversized DER length");
        }

        var length = 0;
        for (var i = 1; i <= count; i++)
        {
            length = (length << 8) | der[offset + i];
        }

        return (length, 1 + count);
    }
}
