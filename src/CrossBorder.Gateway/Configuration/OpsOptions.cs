namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// The operations face's credentials: operators sign in with a one-time login code that
/// <c>crossborder ops login</c> writes for the running gateway, and get a short session; Prometheus
/// scrapes <c>/metrics</c> with a bearer token read from a file. Nothing but the plain health
/// endpoint answers without one of the two.
/// </summary>
public sealed class OpsOptions
{
    /// <summary>How long a console session lasts from sign-in (minutes); it does not slide, however often the pages refresh.</summary>
    public double SessionMinutes { get; set; } = 60;

    /// <summary>How long a one-time login code may be used after it is made (minutes).</summary>
    public double LoginMinutes { get; set; } = 10;

    /// <summary>
    /// A file holding the bearer token Prometheus sends to scrape <c>/metrics</c> (at least 32
    /// characters; file mode 0600); empty: <c>ops/metrics.token</c> in the data folder, created at first start.
    /// </summary>
    public string MetricsTokenFile { get; set; } = "";
}
