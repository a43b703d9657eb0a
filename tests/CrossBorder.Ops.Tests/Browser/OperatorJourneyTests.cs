using System.Text.RegularExpressions;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Ops.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using OpenQA.Selenium;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Ops.Tests.Browser;

/// <summary>
/// An operator's way through the console of Albania's NCP after real traffic from Italy's NCP:
/// from the overview to the peer, from the peer to a delivered message's evidence trail and spans,
/// and to a refused message's reason code. Screenshots of each page are kept.
/// The pages are found by the hooks the console promises: navigation links <c>/peers</c>,
/// <c>/messages</c>, <c>/refusals</c>, <c>/audit</c>; the table <c>#peers</c> with rows
/// <c>[data-peer="IT/NCP"]</c>; message links <c>a.message</c>; on a message's page <c>#trail</c>,
/// <c>#spans</c> and <c>#trace-id</c>; reason codes in elements of class <c>reason</c>.
/// </summary>
[Collection(ConsoleExchange.Name)]
public sealed partial class OperatorJourneyTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_operator_goes_from_the_overview_to_a_peer_to_a_messages_evidence_trail_and_reads_a_refusals_reason_code()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));

        // Traffic to look at: a referral delivered and read, and a message Albania refused as STALE.
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var delivered = (await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId;
        Assert.Single(await ReadAsync(federation.Client("AL/NCP", "case-worker"), 1));
        Assert.Equal(StateNames.Name(AuditState.Delivered), (await WaitForStateAsync(caseWorker, delivered, StateNames.Name(AuditState.Delivered))).CurrentState);
        using var italyPeer = new TestPeer(federation, "IT/NCP");
        var now = TimeProvider.System.GetUtcNow();
        var stale = italyPeer.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral), h =>
        {
            h.Route.CreatedAt = Timestamp.FromDateTimeOffset(now.AddDays(-3));
            h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-1));
        });
        var receipt = italyPeer.VerifyReceipt(await TestPeer.DeliverAsync(italyPeer.Client(albania, "AL/NCP"), stale.ToByteString()), "AL/NCP", stale);
        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.Stale), (receipt.Outcome, receipt.Reason));
        var refused = stale.Route.MessageId;

        using var chromium = new HeadlessChromium(albania.Runtime.LocalServerCertificate, new Screenshots("operator-journey"));
        chromium.GoTo(new Uri(albania.OpsAddress, "/login"));
        chromium.Driver.FindElement(By.Id("code")).SendKeys(OpsBrowser.NewCode(albania) + Keys.Enter);
        chromium.WaitForPath("/");
        chromium.Screenshot("overview");

        // Overview → Peers → the peer IT/NCP.
        Open(chromium, "/peers");
        var peer = Require(chromium, "/peers", "#peers [data-peer=\"IT/NCP\"]", "a row of the peer IT/NCP in the table #peers");
        chromium.Screenshot("peers");
        var peerLink = peer.FindElements(By.TagName("a")).FirstOrDefault()
            ?? Missing<IWebElement>(chromium, "/peers", "a link in the row of IT/NCP to that peer's messages");
        var peerPage = new Uri(peerLink.GetAttribute("href")!).PathAndQuery;
        peerLink.Click();
        chromium.Screenshot("peer IT-NCP");

        // The peer → the delivered message's evidence trail and spans.
        MessageLink(chromium, peerPage, delivered).Click();
        var messagePage = new Uri(chromium.Driver.Url).PathAndQuery;
        var trail = Require(chromium, messagePage, "#trail", "the evidence trail #trail").Text;
        Assert.Contains(StateNames.Name(AuditState.Acknowledged), trail, StringComparison.Ordinal);
        Require(chromium, messagePage, "#spans", "the spans of the message #spans");
        var traceId = Require(chromium, messagePage, "#trace-id", "the trace id #trace-id").Text.Trim();
        Assert.Matches(TraceId(), traceId);
        chromium.Screenshot("delivered message");

        // Refusals → the refused message's reason code, on the refusals page and on the message's own page.
        Open(chromium, "/refusals");
        Require(chromium, "/refusals", ".reason", "a reason code (class reason)");
        Assert.Contains(chromium.Driver.FindElements(By.CssSelector(".reason")), e => e.Text.Trim() == "STALE");
        chromium.Screenshot("refusals");
        Open(chromium, "/messages");
        chromium.Screenshot("messages");
        MessageLink(chromium, "/messages", refused).Click();
        var refusedPage = new Uri(chromium.Driver.Url).PathAndQuery;
        Assert.Equal("STALE", Require(chromium, refusedPage, ".reason", "the refused message's reason code (class reason)").Text.Trim());
        chromium.Screenshot("refused message");
    }

    /// <summary>Follows the navigation link to <paramref name="path"/>, as an operator would.</summary>
    private static void Open(HeadlessChromium chromium, string path)
    {
        var link = chromium.Driver.FindElements(By.CssSelector($"nav a[href=\"{path}\"]")).FirstOrDefault()
            ?? Missing<IWebElement>(chromium, path, $"the navigation link to {path}");
        link.Click();
        chromium.WaitForPath(path);
    }

    /// <summary>The element the console promises on <paramref name="page"/>; a failure naming the page when it is not there.</summary>
    private static IWebElement Require(HeadlessChromium chromium, string page, string css, string what) =>
        chromium.Driver.FindElements(By.CssSelector(css)).FirstOrDefault() ?? Missing<IWebElement>(chromium, page, what);

    /// <summary>The <c>a.message</c> link to <paramref name="messageId"/> on the current page.</summary>
    private static IWebElement MessageLink(HeadlessChromium chromium, string page, string messageId) =>
        chromium.Driver.FindElements(By.CssSelector("a.message")).FirstOrDefault(a => a.GetAttribute("href")?.Contains(messageId, StringComparison.Ordinal) == true)
        ?? Missing<IWebElement>(chromium, page, $"an a.message link to the message {messageId}");

    /// <summary>Fails naming the page and what it lacks, with what it shows and a screenshot of it.</summary>
    private static T Missing<T>(HeadlessChromium chromium, string page, string what)
    {
        var shown = chromium.Driver.FindElements(By.TagName("body")).FirstOrDefault()?.Text ?? "";
        var screenshot = chromium.Screenshot("missing");
        Assert.Fail($"console page {page} missing: expected {what}; the page shows: {shown.ReplaceLineEndings(" ")} (screenshot {screenshot})");
        return default!;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
