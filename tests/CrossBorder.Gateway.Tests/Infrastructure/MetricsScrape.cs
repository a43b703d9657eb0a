using System.Net;
using System.Net.Http.Headers;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>Scrapes a test gateway's <c>/metrics</c> as Prometheus does: HTTPS to the pinned local server certificate, the bearer token from the gateway's token file.</summary>
internal static class MetricsScrape
{
    /// <summary>The token file the gateway created at its first start.</summary>
    public static string TokenFile(TestGateway gateway) => Path.Combine(gateway.Runtime.Ops.Folder, "metrics.token");

    public static string Token(TestGateway gateway) => File.ReadAllText(TokenFile(gateway)).Trim();

    /// <summary>GET <paramref name="path"/> with <paramref name="token"/> as bearer token (none when null): the status and the body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(TestGateway gateway, string? token, string path = "/metrics", OpsBrowser? browser = null)
    {
        using var own = browser is null ? OpsBrowser.Of(gateway) : null;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var answer = await (browser ?? own!).SendAsync(request);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>The body of a successful scrape.</summary>
    public static async Task<string> MetricsAsync(TestGateway gateway)
    {
        var (status, body) = await GetAsync(gateway, Token(gateway));
        Assert.True(status == HttpStatusCode.OK, $"/metrics answered {(int)status}: {body}");
        return body;
    }

    /// <summary>The sample lines of a metric (its name followed by labels or a space).</summary>
    public static IReadOnlyList<string> Samples(string scrape, string name) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))];
}
