namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Re-encodes the outermost TLV of a DER encoding with a length DER forbids but BER allows —
/// indefinite, or longer than needed — every other byte as it was.
/// </summary>
internal static class BerLengths
{
    /// <summary>The outer constructed TLV with an indefinite length and an end-of-contents marker.</summary>
    public static byte[] Indefinite(byte[] der)
    {
        var outer = DerNode.Parse(der);
        if (!outer.IsConstructed)
        {
            throw new InvalidOperationException("only a constructed encoding may have an indefinite length");
        }

        return [outer.Tag, 0x80, .. der.AsSpan(outer.ContentOffset, outer.ContentLength), 0x00, 0x00];
    }

    /// <summary>The outer TLV with its length in four octets, however short it is.</summary>
    public static byte[] NonMinimal(byte[] der)
    {
        var outer = DerNode.Parse(der);
        var length = outer.ContentLength;
        return [outer.Tag, 0x84, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. der.AsSpan(outer.ContentOffset, outer.ContentLength)];
    }
}
