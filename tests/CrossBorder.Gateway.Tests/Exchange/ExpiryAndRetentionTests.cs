using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>Messages that cannot be delivered before they expire get non-delivery evidence; acknowledged ones are purged after retention.</summary>
[Collection(SharedExchange.Name)]
public sealed class ExpiryAndRetentionTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_message_the_recipient_never_takes_expires_with_non_delivery_evidence_in_its_status()
    {
        // Lifetime 3.6 s; AL/NCP never comes up.
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"), o => o.MessageLifetimeHours = 0.001);
        var caseWorker = federation.Client("IT/NCP", "case-worker");

        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var status = await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Failed), seconds: 20);

        Assert.Equal(StateNames.Name(AuditState.Failed), status.CurrentState);
        Assert.Contains(status.Events, e => e.State == StateNames.Name(AuditState.RetryWait) && e.Reason == ReasonCode.Unavailable);
        var last = status.Events[^1];
        Assert.Equal(StateNames.Name(AuditState.Failed), last.State);
        Assert.Equal(ReasonCode.Stale, last.Reason);
        Assert.DoesNotContain(status.Events, e => e.State == StateNames.Name(AuditState.Delivered));
    }

    [Fact]
    public async Task An_acknowledged_message_is_purged_after_retention_leaving_its_digest_and_receipt()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o => o.InboxRetentionHours = 0);
        var submitted = await SendAsync(federation.Client("IT/NCP", "case-worker"), "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var application = federation.Client("AL/NCP", "case-worker");
        Assert.Single(await ReadAsync(application, 1));

        await albania.PurgeNowAsync();

        var record = await albania.Store.FindInboundAsync("IT/NCP", submitted.MessageId, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(InboxState.Purged, record.State);
        Assert.Equal(32, record.SealedSha256.Length);
        Assert.NotEmpty(record.SignedReceipt);
        var status = await application.StatusAsync(new StatusRequest { MessageId = submitted.MessageId }, deadline: Deadline());
        Assert.Equal([StateNames.Name(AuditState.Received), StateNames.Name(AuditState.Offered), StateNames.Name(AuditState.Acknowledged), StateNames.Name(AuditState.Purged)], status.Events.Select(e => e.State));
    }
}
