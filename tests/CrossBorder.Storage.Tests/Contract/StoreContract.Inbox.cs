using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The inbox: commit and repeats, offer, acknowledgement, purge, quarantine, refused messages.
public abstract partial class StoreContract
{
    [Fact]
    public async Task A_commit_is_stored_and_audited_and_a_duplicate_gets_the_original_back()
    {
        var message = Inbound(T0);
        var first = await Store.CommitInboundAsync(message, None);
        Assert.True(first.Committed);
        Assert.Null(first.Existing);

        var stored = await Store.FindInboundAsync(Sender, message.MessageId, None);
        Assert.NotNull(stored);
        Assert.Equal(InboxState.Received, stored.State);
        Assert.Equal(message.SignedReceipt, stored.SignedReceipt);
        Assert.Equal(message.SealedSha256, stored.SealedSha256);
        Assert.Equal(MessageType.CaseReferral, stored.MessageType);
        Assert.Equal(T0, stored.ReceivedAt);
        Assert.Null(stored.AcknowledgedAt);

        // Same (sender, id), other bytes and receipt: nothing is written, the stored record comes back whatever its digest.
        var replay = Inbound(T0.AddMinutes(1), id: message.MessageId);
        var second = await Store.CommitInboundAsync(replay, None);
        Assert.False(second.Committed);
        Assert.NotNull(second.Existing);
        Assert.Equal(message.SignedReceipt, second.Existing.SignedReceipt);
        Assert.Equal(message.SealedSha256, second.Existing.SealedSha256);
        Assert.Equal(T0, second.Existing.ReceivedAt);

        var entry = Assert.Single(await Store.TrailAsync(message.MessageId, None));
        Assert.Equal(AuditState.Received, entry.State);
        Assert.Equal(AuditDirection.In, entry.Direction);
        Assert.Equal(Sender, entry.Peer);
        Assert.Equal(message.SealedSha256, entry.SealedSha256);
        Assert.Equal(T0, entry.At);
    }

    [Fact]
    public async Task The_same_id_from_another_sender_is_another_message()
    {
        var id = NewId();
        Assert.True((await Store.CommitInboundAsync(Inbound(T0, id: id, sender: "GR/NCP"), None)).Committed);
        Assert.True((await Store.CommitInboundAsync(Inbound(T0, id: id, sender: "MK/NCP"), None)).Committed);
        Assert.Null(await Store.FindInboundAsync("RS/NCP", id, None));
    }

    [Fact]
    public async Task Of_eight_concurrent_commits_of_one_message_exactly_one_commits()
    {
        var id = NewId();
        var attempts = Enumerable.Range(0, 8).Select(_ => Inbound(T0, id: id)).ToArray();
        var results = await Task.WhenAll(attempts.Select(m => Task.Run(() => Store.CommitInboundAsync(m, None))));

        var winner = Assert.Single(results.Select((r, i) => (r, i)), x => x.r.Committed).i;
        Assert.All(results.Where(r => !r.Committed), r =>
        {
            Assert.NotNull(r.Existing);
            Assert.Equal(attempts[winner].SignedReceipt, r.Existing.SignedReceipt);
            Assert.Equal(attempts[winner].SealedSha256, r.Existing.SealedSha256);
        });
        Assert.Single(await Store.TrailAsync(id, None));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task An_offer_gives_only_the_selected_types_oldest_received_first()
    {
        var referralLate = Inbound(T0.AddSeconds(3), type: MessageType.CaseReferral);
        var plan = Inbound(T0.AddSeconds(1), type: MessageType.ReturnPlan);
        var referralEarly = Inbound(T0.AddSeconds(2), type: MessageType.CaseReferral, sender: "MK/NCP");
        foreach (var m in new[] { referralLate, plan, referralEarly })
        {
            await Store.CommitInboundAsync(m, None);
        }

        var referrals = await Store.OfferAsync(Referrals, 10, T0.AddMinutes(1), None);
        Assert.Equal([referralEarly.MessageId, referralLate.MessageId], referrals.Select(i => i.MessageId));
        Assert.Equal(referralEarly.Envelope.ToArray(), referrals[0].Envelope.ToArray());
        Assert.Equal("MK/NCP", referrals[0].Sender);
        Assert.Equal(MessageType.CaseReferral, referrals[0].MessageType);
        Assert.Equal(T0.AddSeconds(2), referrals[0].ReceivedAt);
        Assert.Equal(TraceParent, referrals[0].TraceParent);

        Assert.Equal(InboxState.Offered, (await Store.FindInboundAsync("MK/NCP", referralEarly.MessageId, None))!.State);
        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync(Sender, plan.MessageId, None))!.State);

        Assert.Equal([referralEarly.MessageId], (await Store.OfferAsync(Referrals, 1, T0.AddMinutes(2), None)).Select(i => i.MessageId));
        Assert.Equal(
            [plan.MessageId, referralEarly.MessageId, referralLate.MessageId],
            (await Store.OfferAsync(Types(MessageType.CaseReferral, MessageType.ReturnPlan), 10, T0.AddMinutes(3), None)).Select(i => i.MessageId));
        Assert.Empty(await Store.OfferAsync(Types(MessageType.AggregateStatistics), 10, T0.AddMinutes(3), None));
        Assert.Empty(await Store.OfferAsync(Types(), 10, T0.AddMinutes(3), None));
        Assert.Empty(await Store.OfferAsync(Referrals, 0, T0.AddMinutes(3), None));
    }

    [Fact]
    public async Task Offered_is_audited_the_first_time_only()
    {
        var message = Inbound(T0);
        await Store.CommitInboundAsync(message, None);

        Assert.Single(await Store.OfferAsync(Referrals, 10, T0.AddMinutes(1), None));
        Assert.Single(await Store.OfferAsync(Referrals, 10, T0.AddMinutes(2), None));

        var trail = await Store.TrailAsync(message.MessageId, None);
        Assert.Equal([AuditState.Received, AuditState.Offered], trail.Select(e => e.State));
        Assert.Equal(T0.AddMinutes(1), trail[1].At);
        Assert.Equal(AuditDirection.In, trail[1].Direction);
        Assert.Equal(Sender, trail[1].Peer);
    }

    [Fact]
    public async Task Concurrent_offers_audit_offered_once_per_message()
    {
        var messages = Enumerable.Range(0, 200).Select(i => Inbound(T0.AddMilliseconds(i))).ToArray();
        foreach (var m in messages)
        {
            await Store.CommitInboundAsync(m, None);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var offering = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Store.OfferAsync(Referrals, 1000, T0.AddMinutes(1), None);
        })).ToArray();
        start.SetResult();
        var offers = await Task.WhenAll(offering);

        Assert.All(offers, o => Assert.Equal(messages.Length, o.Count));
        var offeredEntries = new List<int>();
        foreach (var m in messages)
        {
            offeredEntries.Add((await TrailStatesAsync(m.MessageId)).Count(s => s == AuditState.Offered));
        }

        Assert.Equal(messages.Length, offeredEntries.Sum());
        Assert.All(offeredEntries, count => Assert.Equal(1, count));
        Assert.Equal(new AuditVerification(messages.Length * 2, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task An_acknowledged_message_is_not_offered_again_and_a_second_ack_answers_the_first_time()
    {
        var acked = Inbound(T0);
        var kept = Inbound(T0.AddSeconds(1));
        await Store.CommitInboundAsync(acked, None);
        await Store.CommitInboundAsync(kept, None);
        await Store.OfferAsync(Referrals, 10, T0.AddMinutes(1), None);

        var firstAck = T0.AddMinutes(2);
        Assert.Equal(firstAck, await Store.AcknowledgeAsync(Sender, acked.MessageId, Referrals, firstAck, None));
        Assert.Equal(firstAck, await Store.AcknowledgeAsync(Sender, acked.MessageId, Referrals, T0.AddMinutes(5), None));

        Assert.Equal([kept.MessageId], (await Store.OfferAsync(Referrals, 10, T0.AddMinutes(6), None)).Select(i => i.MessageId));

        var record = await Store.FindInboundAsync(Sender, acked.MessageId, None);
        Assert.Equal(InboxState.Acknowledged, record!.State);
        Assert.Equal(firstAck, record.AcknowledgedAt);
        Assert.Equal(
            [AuditState.Received, AuditState.Offered, AuditState.Acknowledged],
            await TrailStatesAsync(acked.MessageId));
        Assert.Equal(firstAck, (await Store.TrailAsync(acked.MessageId, None))[^1].At);
    }

    [Fact]
    public async Task Acknowledging_an_unknown_message_or_one_of_another_type_answers_null_and_changes_nothing()
    {
        var plan = Inbound(T0, type: MessageType.ReturnPlan);
        await Store.CommitInboundAsync(plan, None);

        Assert.Null(await Store.AcknowledgeAsync(Sender, NewId(), Referrals, T0, None));
        Assert.Null(await Store.AcknowledgeAsync("MK/NCP", plan.MessageId, Types(MessageType.ReturnPlan), T0, None));
        Assert.Null(await Store.AcknowledgeAsync(Sender, plan.MessageId, Referrals, T0, None));
        Assert.Null(await Store.AcknowledgeAsync(Sender, plan.MessageId, Types(), T0, None));

        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync(Sender, plan.MessageId, None))!.State);
        Assert.Single(await Store.OfferAsync(Types(MessageType.ReturnPlan), 10, T0, None));
        Assert.Equal([AuditState.Received, AuditState.Offered], await TrailStatesAsync(plan.MessageId));
    }

    [Fact]
    public async Task A_batch_acknowledges_in_one_call_and_answers_each_key_in_order()
    {
        var first = Inbound(T0);
        var second = Inbound(T0.AddSeconds(1));
        var plan = Inbound(T0.AddSeconds(2), type: MessageType.ReturnPlan);
        var earlier = Inbound(T0.AddSeconds(3));
        foreach (var message in new[] { first, second, plan, earlier })
        {
            await Store.CommitInboundAsync(message, None);
        }

        await Store.AcknowledgeAsync(Sender, earlier.MessageId, Referrals, T0.AddMinutes(1), None);
        var now = T0.AddMinutes(2);
        var answers = await Store.AcknowledgeAsync(
            [
                new InboxKey(Sender, first.MessageId),
                new InboxKey(Sender, NewId()),
                new InboxKey(Sender, plan.MessageId),
                new InboxKey(Sender, second.MessageId),
                new InboxKey(Sender, first.MessageId),
                new InboxKey(Sender, earlier.MessageId),
            ],
            Referrals,
            now,
            None);

        // Unknown and other-type keys answer null; a key named twice is acknowledged once; an earlier acknowledgement keeps its time.
        Assert.Equal([now, null, null, now, now, T0.AddMinutes(1)], answers);
        Assert.Equal([AuditState.Received, AuditState.Acknowledged], await TrailStatesAsync(first.MessageId));
        Assert.Equal([AuditState.Received, AuditState.Acknowledged], await TrailStatesAsync(second.MessageId));
        Assert.Equal([AuditState.Received], await TrailStatesAsync(plan.MessageId));
        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync(Sender, plan.MessageId, None))!.State);
        Assert.Empty(await Store.OfferAsync(Referrals, 10, now, None));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task A_message_can_be_acknowledged_without_having_been_offered()
    {
        var message = Inbound(T0);
        await Store.CommitInboundAsync(message, None);
        Assert.Equal(T0.AddSeconds(1), await Store.AcknowledgeAsync(Sender, message.MessageId, Referrals, T0.AddSeconds(1), None));
        Assert.Empty(await Store.OfferAsync(Referrals, 10, T0.AddSeconds(2), None));
        Assert.Equal([AuditState.Received, AuditState.Acknowledged], await TrailStatesAsync(message.MessageId));
    }

    [Fact]
    public async Task Purge_drops_the_sealed_bytes_of_old_acknowledged_messages_and_keeps_the_evidence()
    {
        var old = Inbound(T0);
        var recent = Inbound(T0);
        var unacked = Inbound(T0);
        foreach (var m in new[] { old, recent, unacked })
        {
            await Store.CommitInboundAsync(m, None);
        }

        await Store.AcknowledgeAsync(Sender, old.MessageId, Referrals, T0.AddHours(1), None);
        await Store.AcknowledgeAsync(Sender, recent.MessageId, Referrals, T0.AddHours(3), None);

        var purgeTime = T0.AddDays(1);
        Assert.Equal(1, await Store.PurgeAsync(T0.AddHours(2), purgeTime, None));

        var purged = await Store.FindInboundAsync(Sender, old.MessageId, None);
        Assert.NotNull(purged);
        Assert.Equal(InboxState.Purged, purged.State);
        Assert.Equal(old.SealedSha256, purged.SealedSha256);
        Assert.Equal(old.SignedReceipt, purged.SignedReceipt);
        Assert.Equal(T0.AddHours(1), purged.AcknowledgedAt);
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, old.MessageId));
        Assert.Equal(recent.Envelope.Length, await StoredInboundEnvelopeAsync(Sender, recent.MessageId));
        Assert.Equal(unacked.Envelope.Length, await StoredInboundEnvelopeAsync(Sender, unacked.MessageId));

        Assert.Equal([unacked.MessageId], (await Store.OfferAsync(Referrals, 10, purgeTime, None)).Select(i => i.MessageId));
        Assert.Equal(
            [AuditState.Received, AuditState.Acknowledged, AuditState.Purged],
            await TrailStatesAsync(old.MessageId));
        var entry = (await Store.TrailAsync(old.MessageId, None))[^1];
        Assert.Equal(purgeTime, entry.At);
        Assert.Equal(old.SealedSha256, entry.SealedSha256);

        // Acknowledging a purged message still answers the first acknowledgement; a duplicate still gets its receipt.
        Assert.Equal(T0.AddHours(1), await Store.AcknowledgeAsync(Sender, old.MessageId, Referrals, purgeTime, None));
        var duplicate = await Store.CommitInboundAsync(Inbound(purgeTime, id: old.MessageId), None);
        Assert.False(duplicate.Committed);
        Assert.Equal(old.SignedReceipt, duplicate.Existing!.SignedReceipt);

        Assert.Equal(0, await Store.PurgeAsync(T0.AddHours(2), purgeTime, None));
        Assert.Equal(1, await Store.PurgeAsync(T0.AddHours(3), purgeTime, None));
        Assert.Equal(InboxState.Offered, (await Store.FindInboundAsync(Sender, unacked.MessageId, None))!.State);
    }

    [Fact]
    public async Task A_refused_inbound_message_is_audited_and_never_reaches_the_inbox()
    {
        var id = NewId();
        var digest = SHA256.HashData([1, 2, 3]);
        await Store.RecordInboundRejectionAsync(Sender, id, digest, ReasonCode.BadSignature, T0, None);

        Assert.Null(await Store.FindInboundAsync(Sender, id, None));
        Assert.Empty(await Store.OfferAsync(Referrals, 10, T0, None));
        var entry = Assert.Single(await Store.TrailAsync(id, None));
        Assert.Equal(AuditState.Rejected, entry.State);
        Assert.Equal(AuditDirection.In, entry.Direction);
        Assert.Equal(Sender, entry.Peer);
        Assert.Equal(ReasonCode.BadSignature, entry.Reason);
        Assert.Equal(digest, entry.SealedSha256);
        Assert.Equal(0, await InboxSizeAsync());

        // A later, valid delivery of the same id is not blocked by the refusal.
        Assert.True((await Store.CommitInboundAsync(Inbound(T0.AddMinutes(1), id: id), None)).Committed);
        Assert.Equal([AuditState.Rejected, AuditState.Received], await TrailStatesAsync(id));
    }

    [Fact]
    public async Task A_message_that_fails_to_open_three_times_is_quarantined_audited_with_the_code_and_never_offered_again()
    {
        var broken = Inbound(T0);
        var good = Inbound(T0.AddSeconds(1));
        await Store.CommitInboundAsync(broken, None);
        await Store.CommitInboundAsync(good, None);
        Assert.Equal(broken.MessageId, (await Store.OfferAsync(Referrals, 1, T0.AddMinutes(1), None)).Single().MessageId);

        Assert.False(await Store.RecordOpenFailureAsync(Sender, broken.MessageId, ReasonCode.NotARecipient, 3, T0.AddMinutes(1), None));
        Assert.False(await Store.RecordOpenFailureAsync(Sender, broken.MessageId, ReasonCode.NotARecipient, 3, T0.AddMinutes(2), None));
        Assert.Equal(broken.MessageId, (await Store.OfferAsync(Referrals, 1, T0.AddMinutes(2), None)).Single().MessageId);
        Assert.True(await Store.RecordOpenFailureAsync(Sender, broken.MessageId, ReasonCode.NotARecipient, 3, T0.AddMinutes(3), None));

        Assert.Equal(InboxState.Quarantined, (await Store.FindInboundAsync(Sender, broken.MessageId, None))!.State);
        Assert.Equal([good.MessageId], (await Store.OfferAsync(Referrals, 10, T0.AddMinutes(4), None)).Select(i => i.MessageId));
        var entry = (await Store.TrailAsync(broken.MessageId, None))[^1];
        Assert.Equal((AuditState.Quarantined, ReasonCode.NotARecipient, AuditDirection.In, Sender), (entry.State, entry.Reason, entry.Direction, entry.Peer));
        Assert.Equal(broken.SealedSha256, entry.SealedSha256);

        // Further failures (a read that was under way) change nothing and are not audited again.
        Assert.False(await Store.RecordOpenFailureAsync(Sender, broken.MessageId, ReasonCode.NotARecipient, 3, T0.AddMinutes(5), None));
        Assert.Equal(1, (await Store.TrailAsync(broken.MessageId, None)).Count(e => e.State == AuditState.Quarantined));
        Assert.Equal(new AuditVerification(5, null), await Store.VerifyAuditAsync(None));
    }
}
