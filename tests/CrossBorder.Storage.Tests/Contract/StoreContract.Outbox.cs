using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The outbox: queueing, claiming due messages oldest first, next due, counts.
public abstract partial class StoreContract
{
    [Fact]
    public async Task Enqueue_claim_deliver_runs_the_lifecycle_and_audits_each_step_in_order()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);

        var queued = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.NotNull(queued);
        Assert.Equal(OutboxState.Queued, queued.State);
        Assert.Equal(0, queued.Attempts);
        Assert.Equal(T0, queued.NextAttemptAt);
        Assert.Equal(message.Recipient, queued.Recipient);
        Assert.Equal(message.ConversationId, queued.ConversationId);
        Assert.Equal(message.SubmittedBy, queued.SubmittedBy);
        Assert.Equal(message.MessageType, queued.MessageType);
        Assert.Equal(message.SealedSha256, queued.SealedSha256);
        Assert.Equal(message.ExpiresAt, queued.ExpiresAt);
        Assert.Equal(TraceParent, queued.TraceParent);
        Assert.Null(queued.SignedReceipt);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var claimed = Assert.Single(await Store.ClaimDueAsync(Clock.GetUtcNow(), 10, Lease, None));
        Assert.Equal(message.MessageId, claimed.MessageId);
        Assert.Equal(1, claimed.Attempts);
        Assert.Equal(message.Envelope.ToArray(), claimed.Envelope.ToArray());
        Assert.Equal(message.SealedSha256, claimed.SealedSha256);
        Assert.Equal(message.CreatedAt, claimed.CreatedAt);
        Assert.Equal(TraceParent, claimed.TraceParent);
        Assert.Equal(OutboxState.Sending, (await Store.FindOutboundAsync(message.MessageId, None))!.State);

        var receipt = new byte[] { 1, 2, 3, 4 };
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Delivered(receipt, Clock.GetUtcNow()), None));

        var delivered = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.NotNull(delivered);
        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.Equal(receipt, delivered.SignedReceipt);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal(ReasonCode.Unspecified, delivered.LastReason);
        Assert.Null(delivered.NextAttemptAt);

        var trail = await Store.TrailAsync(message.MessageId, None);
        Assert.Equal(
            [AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Delivered],
            trail.Select(e => e.State));
        Assert.Equal([0, 0, 1, 1], trail.Select(e => e.Attempt));
        Assert.Equal([T0, T0, T0.AddSeconds(1), T0.AddSeconds(2)], trail.Select(e => e.At));
        Assert.All(trail, e =>
        {
            Assert.Equal(AuditDirection.Out, e.Direction);
            Assert.Equal(Recipient, e.Peer);
            Assert.Equal(message.SealedSha256, e.SealedSha256);
            Assert.Equal(ReasonCode.Unspecified, e.Reason);
        });
        Assert.Equal([1L, 2, 3, 4], trail.Select(e => e.Sequence));

        var counts = await Store.OutboxCountsAsync(None);
        Assert.Equal(1, counts[OutboxState.Delivered]);
        Assert.Equal(0, counts[OutboxState.Queued]);
        Assert.Equal(0, counts[OutboxState.Sending]);
    }

    [Fact]
    public async Task Duplicate_enqueue_throws_and_keeps_the_first_message()
    {
        var first = Outbound(T0);
        await Store.EnqueueAsync(first, T0, None);

        var second = Outbound(T0.AddMinutes(1), id: first.MessageId, recipient: "MK/NCP");
        var ex = await Assert.ThrowsAsync<DuplicateMessageException>(() => Store.EnqueueAsync(second, T0.AddMinutes(1), None));
        Assert.Contains(first.MessageId, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MK/NCP", ex.Message, StringComparison.Ordinal);

        Assert.Equal([AuditState.Submitted, AuditState.Queued], await TrailStatesAsync(first.MessageId));
        var claimed = Assert.Single(await Store.ClaimDueAsync(T0.AddMinutes(2), 10, Lease, None));
        Assert.Equal(first.Envelope.ToArray(), claimed.Envelope.ToArray());
        Assert.Equal(Recipient, claimed.Recipient);
        Assert.True((await Store.VerifyAuditAsync(None)).FirstBroken is null);
    }

    [Fact]
    public async Task A_submission_key_is_unique_per_local_role()
    {
        var first = Outbound(T0) with { SubmissionKey = "case-42-retry" };
        await Store.EnqueueAsync(first, T0, None);

        var again = await Assert.ThrowsAsync<DuplicateSubmissionException>(() => Store.EnqueueAsync(Outbound(T0) with { SubmissionKey = "case-42-retry" }, T0, None));
        await Store.EnqueueAsync(Outbound(T0) with { SubmissionKey = "case-42-retry", SubmittedBy = "child-protection" }, T0, None);

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.MessageId, (await Store.FindSubmissionAsync(first.SubmittedBy, "case-42-retry", None))?.MessageId);
        Assert.Null(await Store.FindSubmissionAsync(first.SubmittedBy, "another-key", None));
        Assert.Equal(2, (await Store.OutboxCountsAsync(None))[OutboxState.Queued]);
    }

    [Fact]
    public async Task Claim_takes_only_due_messages_oldest_first_up_to_max()
    {
        var messages = Enumerable.Range(0, 5).Select(i => Outbound(T0.AddSeconds(i))).ToArray();
        // Enqueued out of order: the claim order is by due time, not by insertion.
        foreach (var message in messages.Reverse())
        {
            await Store.EnqueueAsync(message, T0, None);
        }

        Assert.Empty(await Store.ClaimDueAsync(T0.AddMilliseconds(-1), 10, Lease, None));

        var firstThree = await Store.ClaimDueAsync(T0.AddSeconds(2), 10, Lease, None);
        Assert.Equal(messages.Take(3).Select(m => m.MessageId), firstThree.Select(m => m.MessageId));

        var fourth = await Store.ClaimDueAsync(T0.AddSeconds(10), 1, Lease, None);
        Assert.Equal(messages[3].MessageId, Assert.Single(fourth).MessageId);

        var fifth = await Store.ClaimDueAsync(T0.AddSeconds(10), 1, Lease, None);
        Assert.Equal(messages[4].MessageId, Assert.Single(fifth).MessageId);

        Assert.Empty(await Store.ClaimDueAsync(T0.AddSeconds(10), 10, Lease, None));
        Assert.Empty(await Store.ClaimDueAsync(T0.AddSeconds(10), 0, Lease, None));
        Assert.Equal(5, (await Store.OutboxCountsAsync(None))[OutboxState.Sending]);
    }

    [Fact]
    public async Task Claim_puts_a_retry_that_fell_due_earlier_before_a_newer_queued_message()
    {
        var retried = Outbound(T0);
        await Store.EnqueueAsync(retried, T0, None);
        await Store.ClaimDueAsync(T0, 1, Lease, None);
        await Store.CompleteAttemptAsync(retried.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddSeconds(5), T0.AddSeconds(1)), None);

        var queued = Outbound(T0.AddSeconds(8));
        await Store.EnqueueAsync(queued, T0.AddSeconds(8), None);

        var claimed = await Store.ClaimDueAsync(T0.AddSeconds(10), 10, Lease, None);
        Assert.Equal([retried.MessageId, queued.MessageId], claimed.Select(m => m.MessageId));
        Assert.Equal([2, 1], claimed.Select(m => m.Attempts));
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_out_a_message_twice()
    {
        var messages = Enumerable.Range(0, 60).Select(i => Outbound(T0.AddMilliseconds(i))).ToArray();
        foreach (var message in messages)
        {
            await Store.EnqueueAsync(message, T0, None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Store.ClaimDueAsync(T0.AddSeconds(1), 7, Lease, None))));
        var ids = claims.SelectMany(c => c).Select(m => m.MessageId).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(messages.Select(m => m.MessageId).Order(), ids.Order());
        Assert.All(claims, c => Assert.InRange(c.Count, 0, 7));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task Next_due_is_the_earliest_next_attempt_or_lease_end_of_pending_messages()
    {
        Assert.Null(await Store.NextDueAsync(None));

        var sending = Outbound(T0);
        await Store.EnqueueAsync(sending, T0, None);
        await Store.ClaimDueAsync(T0, 1, TimeSpan.FromMinutes(5), None);
        Assert.Equal(T0.AddMinutes(5), await Store.NextDueAsync(None));

        var later = Outbound(T0.AddMinutes(7));
        await Store.EnqueueAsync(later, T0, None);
        Assert.Equal(T0.AddMinutes(5), await Store.NextDueAsync(None));

        var sooner = Outbound(T0.AddMinutes(3));
        await Store.EnqueueAsync(sooner, T0, None);
        Assert.Equal(T0.AddMinutes(3), await Store.NextDueAsync(None));

        await Store.CompleteAttemptAsync(sending.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(2), T0.AddMinutes(1)), None);
        Assert.Equal(T0.AddMinutes(2), await Store.NextDueAsync(None));
    }

    [Fact]
    public async Task Unknown_outbound_message_is_null()
    {
        Assert.Null(await Store.FindOutboundAsync(NewId(), None));
        Assert.Empty(await Store.TrailAsync(NewId(), None));
    }

    [Fact]
    public async Task Times_come_back_in_utc_to_the_millisecond()
    {
        var local = new DateTimeOffset(2026, 3, 1, 11, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var message = Outbound(local);
        await Store.EnqueueAsync(message, local, None);

        var record = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal(TimeSpan.Zero, record!.CreatedAt.Offset);
        Assert.Equal(local.ToUnixTimeMilliseconds(), record.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 0, 0, 123, TimeSpan.Zero), record.CreatedAt);
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }
}
