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

    /// <summary>
    /// Pads to the smallest bucket that fits, or <paramref name="skipBuckets"/> buckets above it, or
    /// to exactly <paramref name="exactly"/> bytes when given (a receiver must accept a bucket that
    /// is not the smallest and must not refuse a size that is not a bucket, wire spec WS-5-22).
    /// </summary>
    public static byte[] Pad(SealedContent content, byte[] extra, int? exactly = null, int skipBuckets = 0)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(extra);
        content.Padding = ByteString.Empty;
        var bucket = exactly ?? SizeBuckets.For(content.CalculateSize() + extra.Length + PaddingTagBytes + 1);
        for (var i = 0; exactly is null && i < skipBuckets; i++)
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

            bucket = exactly is null ? SizeBuckets.Next(bucket) : throw new InvalidOperationException($"the content cannot be padded to exactly {exactly} bytes");
        }
    }
}
