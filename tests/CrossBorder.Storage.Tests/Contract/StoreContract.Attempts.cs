using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The outbox: attempts under leases fenced by the attempt number, their outcomes, late deliveries, expiry.
public abstract partial class StoreContract
{
    [Fact]
    public async Task A_lease_that_ran_out_in_a_crashed_process_is_claimed_again_by_the_next_one()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        Assert.Equal(1, Assert.Single(await Store.ClaimDueAsync(T0, 10, Lease, None)).Attempts);
        Assert.Equal(T0 + Lease, await Store.NextDueAsync(None));

        // The process stops while dispatching: no completion is ever recorded.
        await ReopenAsync();

        Assert.Equal(OutboxState.Sending, (await Store.FindOutboundAsync(message.MessageId, None))!.State);
        Assert.Equal(T0 + Lease, await Store.NextDueAsync(None));
        Assert.Empty(await Store.ClaimDueAsync(T0 + Lease - TimeSpan.FromMilliseconds(1), 10, Lease, None));

        var again = Assert.Single(await Store.ClaimDueAsync(T0 + Lease, 10, Lease, None));
        Assert.Equal(message.MessageId, again.MessageId);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(message.Envelope.ToArray(), again.Envelope.ToArray());

        var trail = await Store.TrailAsync(message.MessageId, None);
        Assert.Equal(
            [AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Sending],
            trail.Select(e => e.State));
        Assert.Equal([0, 0, 1, 2], trail.Select(e => e.Attempt));

        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, 2, new AttemptOutcome.Delivered([9], T0 + Lease), None));
        Assert.Equal(2, (await Store.FindOutboundAsync(message.MessageId, None))!.Attempts);
    }

    [Fact]
    public async Task A_message_queued_already_claimed_is_sending_its_first_attempt_and_comes_back_when_its_lease_is_released()
    {
        var message = Outbound(T0);
        await Store.EnqueueClaimedAsync(message, T0, TimeSpan.FromMinutes(1), None);

        var record = await Store.FindOutboundAsync(message.MessageId, None);
        var claimedMeanwhile = await Store.ClaimDueAsync(T0.AddSeconds(30), 10, TimeSpan.FromMinutes(1), None);
        await Store.ReleaseLeasesAsync(T0.AddSeconds(31), None);
        var reclaimed = await Store.ClaimDueAsync(T0.AddSeconds(31), 10, TimeSpan.FromMinutes(1), None);
        var trail = await Store.TrailAsync(message.MessageId, None);

        Assert.Equal(OutboxState.Sending, record?.State);
        Assert.Equal(1, record?.Attempts);
        Assert.Empty(claimedMeanwhile);
        Assert.Equal(2, Assert.Single(reclaimed).Attempts);
        Assert.Equal(
            [(AuditState.Submitted, 0), (AuditState.Queued, 0), (AuditState.Sending, 1), (AuditState.Sending, 2)],
            trail.Select(e => (e.State, e.Attempt)));
    }

    [Fact]
    public async Task Completion_of_a_message_that_is_not_sending_is_ignored()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);

        // Queued, never claimed.
        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Delivered([1], T0), None));
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(message.MessageId, None))!.State);

        // Unknown id.
        Assert.False(await Store.CompleteAttemptAsync(NewId(), 1, new AttemptOutcome.Delivered([1], T0), None));

        // A late duplicate completion after the final one.
        await Store.ClaimDueAsync(T0, 1, Lease, None);
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddSeconds(1)), None));
        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Rejected(ReasonCode.BadSignature, [2], T0.AddSeconds(2)), None));
        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(1), T0.AddSeconds(2)), None));

        var record = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal(OutboxState.Delivered, record!.State);
        Assert.Equal([1], record.SignedReceipt);
        Assert.Equal(
            [AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Delivered],
            await TrailStatesAsync(message.MessageId));
    }

    [Fact]
    public async Task The_outcome_of_an_attempt_whose_lease_was_taken_over_is_refused_and_the_new_attempts_is_written()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        var first = Assert.Single(await Store.ClaimDueAsync(T0, 1, Lease, None));

        // The first attempt hangs past its lease; the message is claimed again.
        var second = Assert.Single(await Store.ClaimDueAsync(T0 + Lease, 1, Lease, None));
        Assert.Equal((1, 2), (first.Attempts, second.Attempts));

        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, first.Attempts, new AttemptOutcome.Rejected(ReasonCode.NotAuthorized, [6], T0 + Lease + TimeSpan.FromSeconds(1)), None));
        var held = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal((OutboxState.Sending, ReasonCode.Unspecified, 2), (held!.State, held.LastReason, held.Attempts));
        Assert.Equal(message.Envelope.ToArray(), (await Store.ClaimDueAsync(T0 + Lease + Lease, 1, Lease, None)).Single().Envelope.ToArray());

        // The third claim took it over in turn: its outcome counts, the superseded second's retry does not.
        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, second.Attempts, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(1), T0 + Lease + Lease), None));
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, 3, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(5), T0 + Lease + Lease), None));

        var record = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal((OutboxState.RetryWait, ReasonCode.Unavailable, 3), (record!.State, record.LastReason, record.Attempts));
        Assert.Null(record.SignedReceipt);
        Assert.Equal(
            [AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Sending, AuditState.Sending, AuditState.RetryWait],
            await TrailStatesAsync(message.MessageId));
    }

    [Fact]
    public async Task The_outcome_of_an_attempt_whose_lease_ran_out_is_written_while_no_other_attempt_took_it()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        var claimed = Assert.Single(await Store.ClaimDueAsync(T0, 1, Lease, None));

        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, claimed.Attempts, new AttemptOutcome.Delivered([8], T0 + Lease + Lease), None));
        Assert.Equal(OutboxState.Delivered, (await Store.FindOutboundAsync(message.MessageId, None))!.State);
    }

    [Fact]
    public async Task A_superseded_attempt_s_verified_delivery_is_written_even_after_the_message_expired()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        var first = Assert.Single(await Store.ClaimDueAsync(T0, 1, Lease, None));
        var second = Assert.Single(await Store.ClaimDueAsync(T0 + Lease, 1, Lease, None));
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, second.Attempts, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(5), T0 + Lease), None));
        Assert.NotEmpty(await Store.ExpireAsync(message.ExpiresAt + TimeSpan.FromSeconds(1), ReasonCode.Stale, None));

        // The first attempt's receipt arrives late but verified: the recipient has the message.
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, first.Attempts, new AttemptOutcome.Delivered([7], message.ExpiresAt + TimeSpan.FromSeconds(2)), None));
        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, second.Attempts, new AttemptOutcome.Delivered([8], message.ExpiresAt + TimeSpan.FromSeconds(3)), None));

        var record = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal(OutboxState.Delivered, record!.State);
        Assert.Equal([7], record.SignedReceipt);
        Assert.Equal(AuditState.Delivered, (await TrailStatesAsync(message.MessageId))[^1]);
    }

    [Fact]
    public async Task A_retry_waits_until_its_next_attempt_and_is_audited_with_reason_and_attempt()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        await Store.ClaimDueAsync(T0, 1, Lease, None);

        var next = T0.AddMinutes(1);
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, next, T0.AddSeconds(2)), None));

        var waiting = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal(OutboxState.RetryWait, waiting!.State);
        Assert.Equal(ReasonCode.Unavailable, waiting.LastReason);
        Assert.Equal(next, waiting.NextAttemptAt);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(next, await Store.NextDueAsync(None));

        Assert.Empty(await Store.ClaimDueAsync(next.AddMilliseconds(-1), 10, Lease, None));
        var again = Assert.Single(await Store.ClaimDueAsync(next, 10, Lease, None));
        Assert.Equal(2, again.Attempts);

        var retryEntry = (await Store.TrailAsync(message.MessageId, None)).Single(e => e.State == AuditState.RetryWait);
        Assert.Equal(ReasonCode.Unavailable, retryEntry.Reason);
        Assert.Equal(1, retryEntry.Attempt);
        Assert.Equal(T0.AddSeconds(2), retryEntry.At);
    }

    [Fact]
    public async Task A_message_waiting_for_its_retry_keeps_the_exact_sealed_bytes()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        await Store.ClaimDueAsync(T0, 1, Lease, None);
        await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(1), T0), None);

        var again = Assert.Single(await Store.ClaimDueAsync(T0.AddMinutes(1), 1, Lease, None));

        Assert.Equal(message.Envelope.ToArray(), again.Envelope.ToArray());
    }

    [Fact]
    public async Task A_rejection_is_final_with_its_reason_and_receipt()
    {
        var withReceipt = Outbound(T0);
        var withoutReceipt = Outbound(T0);
        await Store.EnqueueAsync(withReceipt, T0, None);
        await Store.EnqueueAsync(withoutReceipt, T0, None);
        await Store.ClaimDueAsync(T0, 10, Lease, None);

        Assert.True(await Store.CompleteAttemptAsync(withReceipt.MessageId, 1, new AttemptOutcome.Rejected(ReasonCode.PolicyRefused, [7, 7], T0.AddSeconds(1)), None));
        Assert.True(await Store.CompleteAttemptAsync(withoutReceipt.MessageId, 1, new AttemptOutcome.Rejected(ReasonCode.Untrusted, null, T0.AddSeconds(1)), None));

        var first = await Store.FindOutboundAsync(withReceipt.MessageId, None);
        Assert.Equal(OutboxState.Rejected, first!.State);
        Assert.Equal(ReasonCode.PolicyRefused, first.LastReason);
        Assert.Equal([7, 7], first.SignedReceipt);
        Assert.Null(first.NextAttemptAt);

        var second = await Store.FindOutboundAsync(withoutReceipt.MessageId, None);
        Assert.Equal(ReasonCode.Untrusted, second!.LastReason);
        Assert.Null(second.SignedReceipt);

        var entry = (await Store.TrailAsync(withReceipt.MessageId, None))[^1];
        Assert.Equal(AuditState.Rejected, entry.State);
        Assert.Equal(ReasonCode.PolicyRefused, entry.Reason);
        Assert.Equal(1, entry.Attempt);

        Assert.Empty(await Store.ClaimDueAsync(T0.AddDays(2), 10, Lease, None));
        Assert.Null(await Store.NextDueAsync(None));
    }

    [Fact]
    public async Task The_sealed_bytes_are_kept_while_they_may_be_sent_again_and_emptied_at_every_final_state()
    {
        var delivered = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        var rejected = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        var retried = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        var expired = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        foreach (var m in new[] { delivered, rejected, retried, expired })
        {
            await Store.EnqueueAsync(m, T0, None);
        }

        await Store.ClaimDueAsync(T0, 3, Lease, None);
        await Store.CompleteAttemptAsync(delivered.MessageId, 1, new AttemptOutcome.Delivered([1], T0), None);
        await Store.CompleteAttemptAsync(rejected.MessageId, 1, new AttemptOutcome.Rejected(ReasonCode.NotAuthorized, [2], T0), None);
        await Store.CompleteAttemptAsync(retried.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(1), T0), None);
        await Store.ExpireAsync(T0.AddMinutes(10), ReasonCode.Stale, None);

        Task<long?> Stored(OutboundMessage m) => StoredOutboundEnvelopeAsync(m.MessageId);
        Assert.Equal(0, await Stored(delivered));
        Assert.Equal(0, await Stored(rejected));
        Assert.Equal(0, await Stored(retried)); // expired while waiting for its retry
        Assert.Equal(0, await Stored(expired));
        Assert.Equal(OutboxState.Failed, (await Store.FindOutboundAsync(expired.MessageId, None))!.State);
        Assert.Equal(delivered.SealedSha256, (await Store.FindOutboundAsync(delivered.MessageId, None))!.SealedSha256);
    }

    [Fact]
    public async Task Expiry_fails_pending_messages_with_the_reason_and_leaves_others()
    {
        var expiresQueued = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        var expiresWaiting = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        var expiresSending = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        var lives = Outbound(T0, lifetime: TimeSpan.FromHours(1));
        var delivered = Outbound(T0, lifetime: TimeSpan.FromMinutes(10));
        foreach (var m in new[] { expiresWaiting, expiresSending, delivered })
        {
            await Store.EnqueueAsync(m, T0, None);
        }

        await Store.ClaimDueAsync(T0, 10, TimeSpan.FromMinutes(20), None);
        await Store.CompleteAttemptAsync(expiresWaiting.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(15), T0), None);
        await Store.CompleteAttemptAsync(delivered.MessageId, 1, new AttemptOutcome.Delivered([1], T0), None);
        await Store.EnqueueAsync(expiresQueued, T0, None);
        await Store.EnqueueAsync(lives, T0, None);

        var atExpiry = T0.AddMinutes(10);

        // Not claimed once expired, even before the expiry sweep ran.
        Assert.Equal([lives.MessageId], (await Store.ClaimDueAsync(atExpiry, 10, Lease, None)).Select(m => m.MessageId));

        // The SENDING one still holds its lease (until T0 + 20 min): not failed yet.
        var expired = await Store.ExpireAsync(atExpiry, ReasonCode.Stale, None);
        Assert.Equal(
            new[] { expiresQueued.MessageId, expiresWaiting.MessageId }.Order(),
            expired.Order());

        var failed = await Store.FindOutboundAsync(expiresWaiting.MessageId, None);
        Assert.Equal(OutboxState.Failed, failed!.State);
        Assert.Equal(ReasonCode.Stale, failed.LastReason);
        Assert.Null(failed.NextAttemptAt);
        var failedEntry = (await Store.TrailAsync(expiresWaiting.MessageId, None))[^1];
        Assert.Equal(AuditState.Failed, failedEntry.State);
        Assert.Equal(ReasonCode.Stale, failedEntry.Reason);
        Assert.Equal(1, failedEntry.Attempt);
        Assert.Equal(atExpiry, failedEntry.At);

        Assert.Equal(OutboxState.Sending, (await Store.FindOutboundAsync(expiresSending.MessageId, None))!.State);
        Assert.Equal(OutboxState.Delivered, (await Store.FindOutboundAsync(delivered.MessageId, None))!.State);

        // Once its lease has run out, the expired SENDING one fails too; a claim does not take it.
        var leaseEnd = T0.AddMinutes(20);
        Assert.DoesNotContain(expiresSending.MessageId, (await Store.ClaimDueAsync(leaseEnd, 10, Lease, None)).Select(m => m.MessageId));
        Assert.Equal([expiresSending.MessageId], await Store.ExpireAsync(leaseEnd, ReasonCode.Stale, None));
        Assert.Empty(await Store.ExpireAsync(leaseEnd, ReasonCode.Stale, None));

        var counts = await Store.OutboxCountsAsync(None);
        Assert.Equal(3, counts[OutboxState.Failed]);
        Assert.Equal(1, counts[OutboxState.Delivered]);
        Assert.Equal(1, counts[OutboxState.Sending]);
        Assert.Equal(0, counts[OutboxState.Queued]);
        Assert.Equal(0, counts[OutboxState.RetryWait]);
        Assert.Equal(0, counts[OutboxState.Rejected]);
    }
}
