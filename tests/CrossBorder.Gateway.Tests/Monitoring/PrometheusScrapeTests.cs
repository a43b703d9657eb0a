using System.Net.Http.Json;
using System.Text.Json;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Monitoring;

/// <summary>
/// A real Prometheus (Debian's package) with the shipped <c>docs/ops/prometheus.yml</c>, pointed
/// at a running gateway's operations face with its token file and local CA and a 1 s scrape
/// interval, scrapes it over HTTPS and answers a CrossBorder metric through its HTTP API.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class PrometheusScrapeTests(FederationFixture federation) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Prometheus_scrapes_the_gateway_and_answers_its_trust_list_gauge()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        File.Copy(PrometheusTools.Docs("alerts.yml"), _directory.File("alerts.yml"));
        var config = _directory.File("prometheus.yml");
        await File.WriteAllTextAsync(config, Shipped(
            ("scrape_interval: 30s", "scrape_interval: 1s"),
            ("crossborder/al-ncp/metrics.token", MetricsScrape.TokenFile(gateway)),
            ("crossborder/al-ncp/local-ca.crt", federation.ParticipantFile("AL/NCP", "local", "ca.crt")),
            ("127.0.0.1:47103", gateway.OpsAddress.Authority)));

        using var prometheus = PrometheusTools.StartServer(config, _directory.File("data"));
        using var http = new HttpClient { BaseAddress = prometheus.Address, Timeout = TimeSpan.FromSeconds(5) };

        JsonElement[] result = [];
        var answered = await Eventually.UntilAsync(async () =>
        {
            Assert.False(prometheus.HasExited, $"prometheus stopped: {prometheus.Log}");
            result = await QueryAsync(http, "crossborder_trustlist_usable");
            return result.Length > 0;
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

        Assert.True(answered, "Prometheus never answered crossborder_trustlist_usable: " + string.Join(", ", await QueryAsync(http, "up")));
        var sample = Assert.Single(result);
        Assert.Equal("1", sample.GetProperty("value")[1].GetString());
        Assert.Equal("crossborder-al-ncp", sample.GetProperty("metric").GetProperty("job").GetString());
        Assert.Equal("AL/NCP", sample.GetProperty("metric").GetProperty("participant").GetString());
        var up = Assert.Single(await QueryAsync(http, "up"));
        Assert.Equal("1", up.GetProperty("value")[1].GetString());
    }

    /// <summary>The shipped configuration with each replacement made; each must apply, so a change of its shape fails here.</summary>
    private static string Shipped(params (string From, string To)[] replacements)
    {
        var text = File.ReadAllText(PrometheusTools.Docs("prometheus.yml"));
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    private static async Task<JsonElement[]> QueryAsync(HttpClient http, string query)
    {
        try
        {
            using var answer = await http.GetAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(query)}", UriKind.Relative));
            if (!answer.IsSuccessStatusCode)
            {
                return [];
            }

            var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
            return [.. body.GetProperty("data").GetProperty("result").EnumerateArray()];
        }
        catch (HttpRequestException)
        {
            return []; // not listening yet
        }
    }
}
