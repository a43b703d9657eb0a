namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Length hiding: signed content is padded to a bucket before encryption — the next 1 KiB up to
/// 16 KiB, then the next power of two — and the clear routing header carries the bucket only.
/// </summary>
public static class SizeBuckets
{
    private const int Step = 1024;
    private const int LinearLimit = 16 * 1024;

    /// <summary>The smallest bucket that holds <paramref name="length"/> bytes.</summary>
    public static int For(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= LinearLimit)
        {
            return Math.Max(Step, (length + Step - 1) / Step * Step);
        }

        return checked((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length));
    }

    /// <summary>The bucket after <paramref name="bucket"/>.</summary>
    public static int Next(int bucket) => For(bucket + 1);
}
