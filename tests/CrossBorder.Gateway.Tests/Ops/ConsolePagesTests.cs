using System.Net;
using System.Text.RegularExpressions;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Ops.ConsoleHtml;

namespace CrossBorder.Gateway.Tests.Ops;

/// <summary>
/// The console's pages over real HTTPS after real exchanges between gateways found through the
/// trust list: what each page shows of a delivered and of a refused message, on both gateways.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class ConsolePagesTests(ExchangeFederation federation) : IDisposable
{
    private static readonly string Delivered = StateNames.Name(AuditState.Delivered);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_delivered_message_is_listed_filtered_and_traced_on_each_gateway_with_its_own_spans_only()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var id = (await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId;
        Assert.Equal(Delivered, (await WaitForStateAsync(caseWorker, id, Delivered)).CurrentState);
        using var it = OpsBrowser.Of(italy);
        await it.SignInAsync(italy);
        using var al = OpsBrowser.Of(albania);
        await al.SignInAsync(albania);

        // The list: ids, way, peer, type, state, size.
        var row = Row(await it.PageAsync("/messages"), $"data-message-id=\"{id}\"");
        Assert.NotNull(row);
        Assert.Contains("data-direction=\"OUT\"", row, StringComparison.Ordinal);
        Assert.Contains("data-peer=\"AL/NCP\"", row, StringComparison.Ordinal);
        Assert.Contains("data-state=\"DELIVERED\"", row, StringComparison.Ordinal);
        Assert.Equal("CASE_REFERRAL", Cell(row, "type"));
        Assert.Matches("^[0-9.]+ KiB$", Cell(row, "size"));
        Assert.Contains($"<a class=\"message id\" href=\"/messages/{id}\">{id}</a>", row, StringComparison.Ordinal);

        // Filters narrow it.
        Assert.Contains(id, await it.PageAsync($"/messages?id={id[12..24]}&peer=AL%2FNCP&type=CASE_REFERRAL&state=DELIVERED&window=1h&limit=10"), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await it.PageAsync("/messages?state=QUEUED"), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await it.PageAsync("/messages?peer=GR%2FNCP"), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await it.PageAsync("/messages?type=RETURN_PLAN"), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await it.PageAsync("/messages?id=ffffffffffff"), StringComparison.Ordinal);

        // Its page on the sender: the evidence trail, the receipt, and the sender's spans only.
        var sent = await UntilSpansAsync(it, id, "dispatch");
        Assert.Equal(["SUBMITTED", "QUEUED", "SENDING", "DELIVERED"], Attributes(Element(sent, "table", "trail"), "data-state"));
        Assert.Contains("verified before DELIVERED", Element(sent, "section", "receipt"), StringComparison.Ordinal);
        var traceId = TraceId(sent);
        var senderSpans = Attributes(Element(sent, "table", "spans"), "data-name");
        Assert.Contains("submit", senderSpans);
        Assert.Contains("seal", senderSpans);
        Assert.DoesNotContain("deliver", senderSpans);
        Assert.DoesNotContain("open", senderSpans);

        // On the recipient: the same trace, its own spans only.
        var received = await UntilSpansAsync(al, id, "deliver");
        Assert.Equal(["RECEIVED"], Attributes(Element(received, "table", "trail"), "data-state"));
        Assert.Contains("receipt issued by this gateway", Element(received, "section", "receipt"), StringComparison.Ordinal);
        Assert.Equal(traceId, TraceId(received));
        var recipientSpans = Attributes(Element(received, "table", "spans"), "data-name");
        Assert.Contains("open", recipientSpans);
        Assert.DoesNotContain("submit", recipientSpans);
        Assert.DoesNotContain("dispatch", recipientSpans);

        // Peers: each side counts the other.
        var italyPeer = Row(await it.PageAsync("/peers"), "data-peer=\"AL/NCP\"")!;
        Assert.Equal("1", Cell(italyPeer, "delivered"));
        Assert.Equal("0", Cell(italyPeer, "outbox-depth"));
        Assert.EndsWith("ago", Cell(italyPeer, "last-success"), StringComparison.Ordinal);
        Assert.Equal("1", Cell(Row(await al.PageAsync("/peers"), "data-peer=\"IT/NCP\"")!, "received"));
        Assert.NotNull(Row(await al.PageAsync("/peers"), "data-peer=\"GR/NCP\""));
    }

    [Fact]
    public async Task The_overview_shows_trust_policy_store_audit_and_the_last_hours_flow()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var id = (await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId;
        await WaitForStateAsync(caseWorker, id, Delivered);
        using var it = OpsBrowser.Of(italy);
        await it.SignInAsync(italy);

        var page = await it.PageAsync("/");

        Assert.Equal(italy.Runtime.Trust.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Inner(page, "trust-sequence"));
        Assert.Equal("fresh", Inner(page, "trust-status"));
        Assert.Equal("yes", Inner(page, "trust-usable"));
        Assert.Equal(italy.Runtime.Policy.Current.Id, Inner(page, "policy-id"));
        Assert.Matches("^[0-9a-f]{64}$", Inner(page, "policy-hash"));
        Assert.Equal("reachable", Inner(page, "store-state"));
        Assert.Equal(System.Net.WebUtility.HtmlEncode(italy.Runtime.Exchange.StoreDescription), Inner(page, "store-kind"));
        Assert.StartsWith("SQLite file ", Inner(page, "store-kind"), StringComparison.Ordinal);
        Assert.Equal("1", Cell(Row(Element(page, "table", "outbox-counts"), "data-state=\"DELIVERED\"")!, "num"));
        Assert.Equal("intact", Inner(page, "audit-result"));
        Assert.Equal("no checkpoint yet", Inner(page, "checkpoint-state"));
        Assert.NotNull(Row(Element(page, "table", "crls"), "data-country=\"AL\""));
        Assert.NotNull(Row(Element(page, "table", "certificates"), "data-use=\"signing\""));

        var flow = Element(page, "svg", "chart-flow");
        Assert.Contains("<title id=\"chart-flow-title\">", flow, StringComparison.Ordinal);
        Assert.Contains("1 delivered and 0 received in the last hour", flow, StringComparison.Ordinal);
        Assert.Contains("class=\"bar-flow\"", flow, StringComparison.Ordinal);
        Assert.Equal(60, Regex.Count(Element(page, "table", "rates-table"), "<tr><th scope=\"row\">"));
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_the_recipient_refuses_shows_its_reason_code_on_refusals_peers_and_messages()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al-consular"), o => o.MaxEnvelopeBytes = 128 * 1024);
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var payload = Example("identity-confirmation-request");
        payload.IdentityConfirmationRequest.Photo = Google.Protobuf.ByteString.CopyFrom(new byte[400_000]);
        var id = (await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, payload)).MessageId;
        var rejected = StateNames.Name(AuditState.Rejected);
        Assert.Equal(rejected, (await WaitForStateAsync(caseWorker, id, rejected)).CurrentState);
        using var it = OpsBrowser.Of(italy);
        await it.SignInAsync(italy);

        var refusals = await it.PageAsync("/refusals");
        var total = Row(Element(refusals, "table", "refusal-totals"), "data-reason=\"TOO_LARGE\"");
        Assert.NotNull(total);
        Assert.Contains("data-peer=\"AL/CONSULAR\" data-direction=\"OUT\"", total, StringComparison.Ordinal);
        Assert.Equal("1", Cell(total, "count"));
        Assert.NotNull(Row(Element(refusals, "table", "refusals-over-time"), "data-reason=\"TOO_LARGE\""));
        Assert.NotNull(Row(Element(await it.PageAsync("/refusals?window=24h"), "table", "refusal-totals"), "data-reason=\"TOO_LARGE\""));

        var peer = Row(await it.PageAsync("/peers"), "data-peer=\"AL/CONSULAR\"")!;
        Assert.Equal("TOO_LARGE", Cell(peer, "reason"));
        Assert.Equal("1", Cell(peer, "refused"));

        var listed = Row(await it.PageAsync("/messages?state=REJECTED"), $"data-message-id=\"{id}\"")!;
        Assert.Equal("TOO_LARGE", Cell(listed, "reason"));
        var trail = Element(await it.PageAsync($"/messages/{id}"), "table", "trail");
        Assert.Equal("TOO_LARGE", Cell(Row(trail, "data-state=\"REJECTED\"")!, "reason"));
    }

    [Fact]
    public async Task The_audit_page_verifies_the_chain_on_demand_with_the_forms_token_only()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var id = (await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId;
        await WaitForStateAsync(caseWorker, id, Delivered);
        using var it = OpsBrowser.Of(italy);
        await it.SignInAsync(italy);
        Assert.Contains("id=\"no-checkpoints\"", await it.PageAsync("/audit"), StringComparison.Ordinal);
        var checkpoint = await italy.CheckpointNowAsync();
        Assert.NotNull(checkpoint);

        using var verified = await it.PostFormAsync("/audit", "/audit", []);
        var page = await verified.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("intact", Inner(page, "audit-result"));
        Assert.Equal((await italy.Store.VerifyAuditAsync(CancellationToken.None)).Entries.ToString(System.Globalization.CultureInfo.InvariantCulture), Inner(page, "audit-entries"));
        var listed = Row(Element(page, "table", "checkpoints"), $"data-seq=\"{checkpoint.Sequence}\"");
        Assert.NotNull(listed);
        Assert.Contains(">yes<", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("AUDIT_BROKEN", Inner(await it.PageAsync("/"), "checkpoint-state"), StringComparison.Ordinal);

        using var form = new FormUrlEncodedContent([]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/audit") { Content = form };
        using var forged = await it.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("refused: MALFORMED\n", await forged.Content.ReadAsStringAsync());
    }

    /// <summary>The message's page once the span <paramref name="name"/> is recorded (spans end a moment after the state they record).</summary>
    private static async Task<string> UntilSpansAsync(OpsBrowser browser, string id, string name)
    {
        var page = "";
        var found = await Eventually.UntilAsync(
            async () => (page = await browser.PageAsync($"/messages/{id}")).Contains($"data-name=\"{name}\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
        Assert.True(found, $"no {name} span on the page of {id}");
        return page;
    }

    private static string TraceId(string page)
    {
        var traceId = Inner(page, "trace-id");
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        return traceId;
    }

    /// <summary>The text of the element with id <paramref name="id"/>.</summary>
    private static string Inner(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]* id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no element #{id}");
        return Regex.Replace(match.Groups[2].Value, "<[^>]+>", "").Trim();
    }
}
