using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The audit trail: one hash chain over both boxes, verified; tampering detected; refusals recorded.
public abstract partial class StoreContract
{
    [Fact]
    public async Task An_empty_chain_verifies()
    {
        Assert.Equal(new AuditVerification(0, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task The_chain_of_mixed_activity_verifies_and_links_every_entry_to_the_one_before()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        long entries = all.Count;
        Assert.Equal(16, entries);

        Assert.Equal(new AuditVerification(entries, null), await Store.VerifyAuditAsync(None));

        Assert.Equal(Enumerable.Range(1, (int)entries).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis.ToArray(), all[0].PreviousHash);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].Hash, all[i].PreviousHash);
        }

        Assert.All(all, e => Assert.Equal(
            AuditChain.Hash(e.PreviousHash, e.Sequence, e.At, e.MessageId, e.Direction, e.Peer, e.State, e.Reason, e.Attempt, e.SealedSha256),
            e.Hash));
    }

    [Fact]
    public async Task Editing_one_entry_breaks_the_chain_at_that_entry()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        long entries = all.Count;
        var victim = all.First(e => e.State == AuditState.Sending);

        // A tamperer with access to the data can pass the database's guards; the chain still tells.
        await TamperAuditStateAsync(victim.Sequence, StateNames.Name(AuditState.Delivered));

        Assert.Equal(new AuditVerification(entries, victim.Sequence), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task Editing_an_entry_and_its_hash_breaks_the_chain_at_the_next_entry()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        long entries = all.Count;
        var victim = all[4];
        var forged = AuditChain.Hash(victim.PreviousHash, victim.Sequence, victim.At, victim.MessageId, victim.Direction, victim.Peer,
            victim.State, ReasonCode.Unspecified, victim.Attempt + 1, victim.SealedSha256);

        await TamperAuditAttemptAsync(victim.Sequence, victim.Attempt + 1, forged);

        Assert.Equal(new AuditVerification(entries, victim.Sequence + 1), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task Removing_an_entry_breaks_the_chain_at_the_next_entry()
    {
        long entries = (await EntriesAsync(await MixedActivityAsync(Store))).Count;
        await RemoveAuditEntryAsync(5);

        Assert.Equal(new AuditVerification(entries - 1, 6), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task The_chain_continues_across_a_restart()
    {
        long before = (await EntriesAsync(await MixedActivityAsync(Store))).Count;
        await ReopenAsync();
        var message = Outbound(T0.AddHours(1));
        await Store.EnqueueAsync(message, T0.AddHours(1), None);

        var trail = await Store.TrailAsync(message.MessageId, None);
        Assert.Equal([before + 1, before + 2], trail.Select(e => e.Sequence));
        Assert.Equal(new AuditVerification(before + 2, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task An_entry_whose_stored_state_is_no_known_state_breaks_the_chain_there()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        var victim = all[6];

        await TamperAuditStateAsync(victim.Sequence, "ALMOST_DELIVERED");

        Assert.Equal(new AuditVerification(all.Count, victim.Sequence), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task Counted_refusals_are_recorded_one_entry_per_reason_in_the_chain()
    {
        var windowEnd = T0.AddMinutes(1);
        var counts = new Dictionary<ReasonCode, int> { [ReasonCode.RateLimited] = 6, [ReasonCode.Malformed] = 3 };

        await Store.RecordRefusalsAsync("IT/NCP", counts, windowEnd, None);
        await Store.RecordRefusalsAsync("MK/NCP", new Dictionary<ReasonCode, int> { [ReasonCode.Malformed] = 1 }, windowEnd.AddMinutes(1), None);

        var entries = await Store.TrailAsync("", None);
        Assert.Equal(
            [("IT/NCP", ReasonCode.Malformed, 3), ("IT/NCP", ReasonCode.RateLimited, 6), ("MK/NCP", ReasonCode.Malformed, 1)],
            entries.Select(e => (e.Peer, e.Reason, e.Attempt)));
        Assert.All(entries, e =>
        {
            Assert.Equal(AuditState.Refusals, e.State);
            Assert.Equal(AuditDirection.In, e.Direction);
            Assert.Equal("", e.MessageId);
            Assert.Empty(e.SealedSha256);
        });
        Assert.Equal([windowEnd, windowEnd, windowEnd.AddMinutes(1)], entries.Select(e => e.At));
        Assert.Equal([1L, 2, 3], entries.Select(e => e.Sequence));
        Assert.Equal(new AuditVerification(3, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task A_message_s_trail_holds_both_directions_in_chain_order()
    {
        var id = NewId();
        var outbound = Outbound(T0, id: id);
        await Store.EnqueueAsync(outbound, T0, None);
        await Store.CommitInboundAsync(Inbound(T0.AddSeconds(1), id: id), None);
        await Store.RecordInboundRejectionAsync("MK/NCP", id, new byte[32], ReasonCode.Replay, T0.AddSeconds(2), None);

        var trail = await Store.TrailAsync(id, None);

        Assert.Equal(
            [(AuditDirection.Out, AuditState.Submitted, Recipient), (AuditDirection.Out, AuditState.Queued, Recipient), (AuditDirection.In, AuditState.Received, Sender), (AuditDirection.In, AuditState.Rejected, "MK/NCP")],
            trail.Select(e => (e.Direction, e.State, e.Peer)));
        Assert.Equal(ReasonCode.Replay, trail[^1].Reason);
    }
}
