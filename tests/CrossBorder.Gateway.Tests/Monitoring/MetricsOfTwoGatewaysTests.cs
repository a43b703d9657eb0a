using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Monitoring;

/// <summary>
/// Two gateways in one process (as in these tests and the demo) each export their own meter's
/// instruments: a message from IT/NCP to AL/CONSULAR is counted out on one and in on the other,
/// never both on either.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class MetricsOfTwoGatewaysTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Each_gateway_exports_only_its_own_instruments()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al-consular"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var submitted = await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, Example("identity-confirmation-request"));
        await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered));

        var sent = await ScrapeUntilAsync(italy, "crossborder_messages_total");
        var received = await ScrapeUntilAsync(consular, "crossborder_messages_total");

        var outgoing = Assert.Single(MetricsScrape.Samples(sent, "crossborder_messages_total"));
        Assert.Contains("direction=\"out\"", outgoing, StringComparison.Ordinal);
        Assert.Contains("outcome=\"DELIVERED\"", outgoing, StringComparison.Ordinal);
        Assert.Contains("peer=\"AL/CONSULAR\"", outgoing, StringComparison.Ordinal);
        Assert.EndsWith(" 1", outgoing, StringComparison.Ordinal);
        var incoming = Assert.Single(MetricsScrape.Samples(received, "crossborder_messages_total"));
        Assert.Contains("direction=\"in\"", incoming, StringComparison.Ordinal);
        Assert.Contains("outcome=\"ACCEPTED\"", incoming, StringComparison.Ordinal);
        Assert.Contains("peer=\"IT/NCP\"", incoming, StringComparison.Ordinal);

        Assert.All(SelfCertificates(sent), l => Assert.Contains("participant=\"IT/NCP\"", l, StringComparison.Ordinal));
        Assert.All(SelfCertificates(received), l => Assert.Contains("participant=\"AL/CONSULAR\"", l, StringComparison.Ordinal));
        Assert.Equal(4, SelfCertificates(sent).Count);
        Assert.Equal(4, SelfCertificates(received).Count);
        Assert.Contains("# TYPE crossborder_outbox_age_seconds histogram", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("crossborder_outbox_age_seconds", received, StringComparison.Ordinal);
    }

    private static List<string> SelfCertificates(string scrape) =>
        [.. MetricsScrape.Samples(scrape, "crossborder_certificate_time_to_expiry_seconds").Where(l => l.Contains("owner=\"self\"", StringComparison.Ordinal))];

    /// <summary>Counters of a delivery are recorded just after its state is written: scrape until <paramref name="metric"/> shows.</summary>
    private static async Task<string> ScrapeUntilAsync(TestGateway gateway, string metric)
    {
        var scrape = "";
        var shown = await Eventually.UntilAsync(async () =>
        {
            scrape = await MetricsScrape.MetricsAsync(gateway);
            return MetricsScrape.Samples(scrape, metric).Count > 0;
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        Assert.True(shown, $"{metric} never showed: {scrape}");
        return scrape;
    }
}
