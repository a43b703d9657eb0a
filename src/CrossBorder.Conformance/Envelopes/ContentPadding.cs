using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using Google.Protobuf;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Encodes signed content with extra raw fields and pads it, with the padding field (15), to
/// exactly the size bucket its routing header records — so that the only fault of such content
/// is the extra fields.
/// </summary>
internal static class ContentPadding
{
    private const int PaddingTagBytes = 1;

    /// <summary>Pads to the smallest bucket that fits, or <paramref name="skipBuckets"/> buckets above it (which a receiver must accept too).</summary>
    public static byte[] Pad(SealedContent content, byte[] extra, int skipBuckets = 0)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(extra);
        content.Padding = ByteString.Empty;
        var bucket = SizeBuckets.For(content.CalculateSize() + extra.Length + PaddingTagBytes + 1);
        for (var i = 0; i < skipBuckets; i++)
        {
            bucket = SizeBuckets.Next(bucket);
        }

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
