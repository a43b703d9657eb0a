using Google.Protobuf;

namespace CrossBorder.Core.Contracts;

/// <summary>
/// Reads protobuf's wire format (tags, varints, fixed and length-delimited values) from a span,
/// refusing anything truncated or out of range instead of throwing. Only <see cref="UnknownFields"/>
/// uses it: Google.Protobuf's own readers hide the wire type a field was sent with.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> bytes)
{
    private const int MaxFieldNumber = (1 << 29) - 1;
    private const int MaxVarintBytes = 10;

    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly bool AtEnd => _position >= _bytes.Length;

    /// <summary>A tag with a field number from 1 to 2^29-1 and one of the six wire types.</summary>
    public bool TryReadTag(out int number, out WireFormat.WireType wire)
    {
        number = 0;
        wire = default;
        if (!TryReadVarint(out var tag) || tag > uint.MaxValue)
        {
            return false;
        }

        var field = tag >> 3;
        var type = (int)(tag & 7);
        if (field is 0 or > MaxFieldNumber || type > (int)WireFormat.WireType.Fixed32)
        {
            return false;
        }

        number = (int)field;
        wire = (WireFormat.WireType)type;
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _bytes.Length)
            {
                return false;
            }

            var b = _bytes[_position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return i < MaxVarintBytes - 1 || b <= 1;
            }
        }

        return false;
    }

    public bool TrySkip(int count)
    {
        if (_bytes.Length - _position < count)
        {
            return false;
        }

        _position += count;
        return true;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadVarint(out var length) || length > (ulong)(_bytes.Length - _position))
        {
            return false;
        }

        value = _bytes.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }
}
