namespace CrossBorder.Core.Trust;

/// <summary>Whether the trust list in force may be used for exchange.</summary>
public enum TrustListStatus
{
    /// <summary>Before next-update.</summary>
    Fresh,

    /// <summary>Past next-update but within the grace period: usable, with a warning.</summary>
    InGrace,

    /// <summary>Past next-update plus grace (or none accepted): exchange stops until a fresh list arrives.</summary>
    Stale,
}
