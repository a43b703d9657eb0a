namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Length hiding: signed content is padded to a bucket before encryption — the next 1 KiB up to
/// 16 KiB, then the next power of two up to 1 MiB, then the next whole MiB (so that a 15 MiB
/// document still fits a 16 MiB envelope limit) — and the clear routing header carries the
/// bucket only.
/// </summary>
public static class SizeBuckets
{
    private const int Step = 1024;
    private const int LinearLimit = 16 * 1024;
    private const int Mebibyte = 1024 * 1024;

    /// <summary>The smallest bucket that holds <paramref name="length"/> bytes.</summary>
    public static int For(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= LinearLimit)
        {
            return Math.Max(Step, (length + Step - 1) / Step * Step);
        }

        if (length <= Mebibyte)
        {
            return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length);
        }

        return checked((int)(((long)length + Mebibyte - 1) / Mebibyte * Mebibyte));
    }

    /// <summary>The bucket after <paramref name="bucket"/>.</summary>
    public static int Next(int bucket) => For(bucket + 1);
}
