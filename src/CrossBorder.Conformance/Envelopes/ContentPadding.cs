using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using Google.Protobuf;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Encodes signed content with extra raw fields and pads it, with the padding field (15), to
/// exactly the size bucket its routing header records — so that the only fault of such content
/// is the extra fields. A larger bucket than the smallest may be asked for (a receiver must accept it).
/// </summary>
internal static class ContentPadding
{
    private const int PaddingTagBytes = 1;

    public static byte[] Pad(SealedContent content, byte[] extra, int atLeast = 0)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(extra);
        content.Padding = ByteString.Empty;
        var bucket = Math.Max(atLeast, SizeBuckets.For(content.CalculateSize() + extra.Length + PaddingTagBytes + 1));
        while (true)
        {
            content.Header.Route.SizeBucket = (uint)bucket;
            var room = bucket - content.CalculateSize() - extra.Length;
            for (var varintBytes = 1; varintBytes <= 5; varintBytes++)
            {
                var length = room - PaddingTagBytes - varintBytes;
                if (length >= 1 && CodedOutputStream.ComputeLengthSize(length) == varintBytes)
                {
                    content.Padding = ByteString.CopyFrom(new byte[length]);
                    byte[] encoded = [.. content.ToByteArray(), .. extra];
                    return encoded.Length == bucket ? encoded : throw new InvalidOperationException("padding arithmetic is off");
                }
            }

            bucket = SizeBuckets.Next(bucket);
        }
    }
}
