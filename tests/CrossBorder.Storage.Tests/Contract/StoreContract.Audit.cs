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
}
