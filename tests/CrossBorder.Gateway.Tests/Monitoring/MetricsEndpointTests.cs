using System.Net;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Monitoring;

/// <summary>
/// <c>/metrics</c> on the operations face over real HTTPS: only the scraper's bearer token opens
/// it (not anonymous, not a wrong token, not a console session), and it shows this gateway's
/// instruments under the OpenTelemetry-to-Prometheus names.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class MetricsEndpointTests(FederationFixture federation)
{
    [Fact]
    public async Task Without_a_token_metrics_are_refused_as_NOT_AUTHORIZED()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");

        var (status, body) = await MetricsScrape.GetAsync(gateway, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("refused: NOT_AUTHORIZED\n", body);
    }

    [Theory]
    [InlineData("wrong-token-of-enough-length-0123456789abcdef")]
    [InlineData("x")]
    public async Task A_wrong_token_is_refused_as_NOT_AUTHORIZED(string token)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");

        var (status, body) = await MetricsScrape.GetAsync(gateway, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("refused: NOT_AUTHORIZED\n", body);
    }

    [Fact]
    public async Task A_signed_in_console_session_does_not_open_metrics()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);

        var (status, body) = await MetricsScrape.GetAsync(gateway, token: null, browser: browser);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("refused: NOT_AUTHORIZED\n", body);
    }

    [Fact]
    public async Task With_the_token_the_gauges_show_under_prometheus_names_with_units_as_suffixes()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");

        var scrape = await MetricsScrape.MetricsAsync(gateway);

        Assert.Equal(["crossborder_trustlist_usable 1"], Values(scrape, "crossborder_trustlist_usable"));
        Assert.Equal(["crossborder_trustlist_in_grace 0"], Values(scrape, "crossborder_trustlist_in_grace"));
        Assert.Contains("# TYPE crossborder_trustlist_sequence gauge", scrape, StringComparison.Ordinal);
        var signing = Assert.Single(MetricsScrape.Samples(scrape, "crossborder_certificate_time_to_expiry_seconds"),
            l => l.Contains("use=\"signing\"", StringComparison.Ordinal) && l.Contains("owner=\"self\"", StringComparison.Ordinal));
        Assert.Contains("successor=\"false\"", signing, StringComparison.Ordinal);
        Assert.Contains("participant=\"AL/NCP\"", signing, StringComparison.Ordinal);
        Assert.InRange(SampleValue(signing), 300 * 86400, 400 * 86400);
        Assert.Equal(["AL", "GR", "IT"], MetricsScrape.Samples(scrape, "crossborder_revocation_time_to_stale_seconds")
            .Select(l => l[(l.IndexOf("country=\"", StringComparison.Ordinal) + 9)..][..2]).Order());
        Assert.Equal(3, MetricsScrape.Samples(scrape, "crossborder_outbox_depth").Count);
        Assert.Contains(MetricsScrape.Samples(scrape, "crossborder_outbox_depth"), l => l.Contains("state=\"RETRY_WAIT\"", StringComparison.Ordinal) && SampleValue(l) == 0);
        Assert.Equal(0, SampleValue(Assert.Single(MetricsScrape.Samples(scrape, "crossborder_outbox_oldest_age_seconds"))));
    }

    /// <summary>The sample lines without the scope labels the exporter adds, for exact comparison.</summary>
    private static IEnumerable<string> Values(string scrape, string name) =>
        MetricsScrape.Samples(scrape, name).Select(l => l.Contains('{', StringComparison.Ordinal) && l.Contains("otel_scope", StringComparison.Ordinal)
            ? l[..l.IndexOf('{', StringComparison.Ordinal)] + l[l.LastIndexOf('}')..][1..]
            : l);

    private static double SampleValue(string line) =>
        double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
