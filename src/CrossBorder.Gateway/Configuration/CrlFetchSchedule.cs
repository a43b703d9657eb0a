namespace CrossBorder.Gateway.Configuration;

/// <summary>How often CRLs are fetched from the trust list's CRL locations.</summary>
/// <param name="Interval">The time between two fetches.</param>
internal sealed record CrlFetchSchedule(TimeSpan Interval);
