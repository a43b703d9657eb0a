using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The console's read-side view: messages with filters, per-peer activity, refusals and rates by bucket.
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset HourBefore = T0.AddHours(-1);
    private static readonly DateTimeOffset HourAfter = T0.AddHours(1);

    [Fact]
    public async Task Messages_of_both_boxes_and_refused_inbound_ones_are_listed_newest_first_with_sizes_kept_after_the_bytes_go()
    {
        var flow = await FlowAsync();

        var all = await Store.MessagesAsync(new MessageQuery(HourBefore, HourAfter, 50), None);

        Assert.Equal([flow.Refused, flow.Inbound, flow.Retrying, flow.Rejected, flow.Delivered], all.Select(m => m.MessageId));
        var delivered = all[4];
        Assert.Equal(new MessageSummary(AuditDirection.Out, flow.Delivered, "AL/NCP", MessageType.CaseReferral, AuditState.Delivered, ReasonCode.Unspecified, 1, 100, T0, TraceParent), delivered);
        Assert.Equal(0, await StoredOutboundEnvelopeAsync(flow.Delivered));
        Assert.Equal((AuditState.Rejected, ReasonCode.TooLarge, 200L), (all[3].State, all[3].Reason, all[3].SealedBytes!.Value));
        Assert.Equal((AuditState.RetryWait, ReasonCode.Unavailable, "IT/NCP"), (all[2].State, all[2].Reason, all[2].Peer));
        Assert.Equal(new MessageSummary(AuditDirection.In, flow.Inbound, Sender, MessageType.CaseReferral, AuditState.Received, ReasonCode.Unspecified, 0, 400, T0.AddSeconds(30), TraceParent), all[1]);
        Assert.Equal(new MessageSummary(AuditDirection.In, flow.Refused, Sender, MessageType.Unspecified, AuditState.Rejected, ReasonCode.BadSignature, 0, null, T0.AddSeconds(40), null), all[0]);
    }

    [Fact]
    public async Task Each_message_filter_narrows_the_list()
    {
        var flow = await FlowAsync();
        async Task<string[]> Ids(MessageQuery query) => [.. (await Store.MessagesAsync(query, None)).Select(m => m.MessageId)];

        Assert.Equal([flow.Delivered], await Ids(new MessageQuery(HourBefore, HourAfter, 50, idPart: flow.Delivered[10..20].ToUpperInvariant())));
        Assert.Equal([flow.Rejected, flow.Delivered], await Ids(new MessageQuery(HourBefore, HourAfter, 50, peer: "AL/NCP")));
        Assert.Equal([flow.Rejected], await Ids(new MessageQuery(HourBefore, HourAfter, 50, type: MessageType.IdentityConfirmationRequest)));
        Assert.Equal([flow.Refused, flow.Rejected], await Ids(new MessageQuery(HourBefore, HourAfter, 50, state: AuditState.Rejected)));
        Assert.Equal([flow.Refused, flow.Inbound, flow.Retrying], await Ids(new MessageQuery(T0.AddSeconds(15), HourAfter, 50)));
        Assert.Equal([flow.Refused, flow.Inbound], await Ids(new MessageQuery(HourBefore, HourAfter, 2)));
        Assert.Empty(await Ids(new MessageQuery(HourBefore, HourAfter, 50, peer: "AL/NCP", state: AuditState.Received)));
        Assert.Empty(await Ids(new MessageQuery(HourAfter, HourAfter.AddHours(1), 50)));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("' OR 1=1 --")]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    public void A_message_query_refuses_an_id_part_that_is_not_hex(string idPart)
    {
        Assert.Throws<ArgumentException>(() => new MessageQuery(HourBefore, HourAfter, 10, idPart: idPart));
    }

    [Fact]
    public void A_message_query_refuses_an_unbounded_window_or_page()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageQuery(T0, T0.AddDays(32), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageQuery(T0, T0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageQuery(T0, HourBefore, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageQuery(HourBefore, HourAfter, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageQuery(HourBefore, HourAfter, OperationsLimits.MaxMessages + 1));
    }

    [Fact]
    public async Task Peer_activity_counts_the_window_and_finds_the_last_success_failure_and_pending_messages()
    {
        await FlowAsync();

        var activity = await Store.PeerActivityAsync(["IT/NCP", "AL/NCP", Sender, "XX/NCP"], HourBefore, T0.AddMinutes(1), None);

        Assert.Equal(["AL/NCP", Sender, "IT/NCP", "XX/NCP"], activity.Select(a => a.Peer));
        Assert.Equal(new PeerActivity("AL/NCP", 1, 0, 1, T0.AddSeconds(1), T0.AddSeconds(11), ReasonCode.TooLarge, 0, null, 0, null, ReasonCode.Unspecified), activity[0]);
        Assert.Equal(new PeerActivity(Sender, 0, 1, 6, T0.AddSeconds(30), T0.AddSeconds(50), ReasonCode.Malformed, 0, null, 0, null, ReasonCode.Unspecified), activity[1]);
        Assert.Equal(new PeerActivity("IT/NCP", 0, 0, 0, null, T0.AddSeconds(21), ReasonCode.Unavailable, 1, T0.AddSeconds(20), 1, T0.AddMinutes(5), ReasonCode.Unavailable), activity[2]);
        Assert.Equal(new PeerActivity("XX/NCP", 0, 0, 0, null, null, ReasonCode.Unspecified, 0, null, 0, null, ReasonCode.Unspecified), activity[3]);

        // Counts are of the window; last success and failure are of the lookback.
        var later = await Store.PeerActivityAsync([Sender], T0.AddSeconds(35), T0.AddMinutes(1), None);
        Assert.Equal((0L, 6L, (DateTimeOffset?)T0.AddSeconds(30)), (later[0].Received, later[0].Refused, later[0].LastSuccess));
    }

    [Fact]
    public async Task Refusals_are_counted_by_peer_direction_reason_and_bucket_with_counted_refusals_weighing_their_count()
    {
        await FlowAsync();

        var counts = await Store.RefusalsAsync(T0, T0.AddMinutes(1), TimeSpan.FromSeconds(30), None);

        Assert.Equal(
            [
                new RefusalCount("AL/NCP", AuditDirection.Out, ReasonCode.TooLarge, T0, 1),
                new RefusalCount(Sender, AuditDirection.In, ReasonCode.Malformed, T0.AddSeconds(30), 5),
                new RefusalCount(Sender, AuditDirection.In, ReasonCode.BadSignature, T0.AddSeconds(30), 1),
            ],
            counts.OrderBy(c => c.BucketStart).ThenByDescending(c => c.Count));
        Assert.Empty(await Store.RefusalsAsync(HourBefore, T0, TimeSpan.FromMinutes(5), None));
    }

    [Fact]
    public async Task Rates_have_every_bucket_of_the_window()
    {
        await FlowAsync();

        var rates = await Store.RatesAsync(T0, T0.AddMinutes(1), TimeSpan.FromSeconds(10), None);

        Assert.Equal(Enumerable.Range(0, 6).Select(i => T0.AddSeconds(10 * i)), rates.Select(r => r.Start));
        Assert.Equal([1L, 0, 0, 0, 0, 0], rates.Select(r => r.Delivered));
        Assert.Equal([0L, 0, 0, 1, 0, 0], rates.Select(r => r.Received));
        Assert.Equal([0L, 1, 0, 0, 1, 5], rates.Select(r => r.Refused));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.RatesAsync(T0, T0.AddDays(2), TimeSpan.FromSeconds(1), None).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Inbox_counts_have_every_state()
    {
        await FlowAsync();

        var counts = await Store.InboxCountsAsync(None);

        Assert.Equal(Enum.GetValues<InboxState>().Length, counts.Count);
        Assert.Equal(1, counts[InboxState.Received]);
        Assert.Equal(0, counts.Where(c => c.Key != InboxState.Received).Sum(c => c.Value));
    }

    /// <summary>
    /// Delivered to AL/NCP (T0, 100 bytes), rejected TOO_LARGE by AL/NCP (T0+10 s, 200 bytes), waiting for a
    /// retry to IT/NCP (T0+20 s), received from GR/NCP (T0+30 s, 400 bytes), one of GR/NCP's refused
    /// BAD_SIGNATURE (T0+40 s) and five counted MALFORMED (window ending T0+50 s).
    /// </summary>
    private async Task<(string Delivered, string Rejected, string Retrying, string Inbound, string Refused)> FlowAsync()
    {
        var delivered = Outbound(T0, envelope: new byte[100]);
        await Store.EnqueueAsync(delivered, T0, None);
        await Store.ClaimDueAsync(T0, 10, Lease, None);
        await Store.CompleteAttemptAsync(delivered.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddSeconds(1)), None);

        var rejected = Outbound(T0.AddSeconds(10), type: MessageType.IdentityConfirmationRequest, envelope: new byte[200]);
        await Store.EnqueueAsync(rejected, T0.AddSeconds(10), None);
        await Store.ClaimDueAsync(T0.AddSeconds(10), 10, Lease, None);
        await Store.CompleteAttemptAsync(rejected.MessageId, 1, new AttemptOutcome.Rejected(ReasonCode.TooLarge, null, T0.AddSeconds(11)), None);

        var retrying = Outbound(T0.AddSeconds(20), recipient: "IT/NCP", envelope: new byte[300]);
        await Store.EnqueueAsync(retrying, T0.AddSeconds(20), None);
        await Store.ClaimDueAsync(T0.AddSeconds(20), 10, Lease, None);
        await Store.CompleteAttemptAsync(retrying.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(5), T0.AddSeconds(21)), None);

        var inbound = Inbound(T0.AddSeconds(30), envelope: new byte[400]);
        await Store.CommitInboundAsync(inbound, None);

        var refused = NewId();
        await Store.RecordInboundRejectionAsync(Sender, refused, new byte[32], ReasonCode.BadSignature, T0.AddSeconds(40), None);
        await Store.RecordRefusalsAsync(Sender, new Dictionary<ReasonCode, int> { [ReasonCode.Malformed] = 5 }, T0.AddSeconds(50), None);
        return (delivered.MessageId, rejected.MessageId, retrying.MessageId, inbound.MessageId, refused);
    }
}
