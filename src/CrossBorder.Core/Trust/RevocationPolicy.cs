namespace CrossBorder.Core.Trust;

/// <summary>
/// How a gateway treats revocation data that has gone stale: hard-fail refuses as soon as a CRL
/// is past its nextUpdate; soft-fail accepts for a bounded grace window after it (revocations in
/// the stale CRL still count), then refuses. Either way revocation data is always required.
/// </summary>
/// <param name="SoftFail">Whether the grace window applies.</param>
/// <param name="Grace">The soft-fail window after nextUpdate.</param>
/// <param name="WarnBefore">How long before CRLs go stale the gateway warns.</param>
public sealed record RevocationPolicy(bool SoftFail, TimeSpan Grace, TimeSpan WarnBefore)
{
    /// <summary>Hard-fail, warning two days ahead.</summary>
    public static readonly RevocationPolicy HardFail = new(false, TimeSpan.Zero, TimeSpan.FromDays(2));

    /// <summary>The window during which a stale CRL still counts.</summary>
    public TimeSpan StaleGrace => SoftFail ? Grace : TimeSpan.Zero;
}
