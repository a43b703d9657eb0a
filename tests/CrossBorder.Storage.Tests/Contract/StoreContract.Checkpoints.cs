using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The signed checkpoints of the audit chain: stored as given, append-only, in order, naming entries of the chain.
public abstract partial class StoreContract
{
    private static readonly string Signer = new('A', 64);

    [Fact]
    public async Task The_head_of_an_empty_chain_is_entry_0_with_the_genesis_hash_and_no_entry_has_a_hash()
    {
        var head = await Store.HeadAsync(None);

        Assert.Equal(0, head.Sequence);
        Assert.Equal(AuditChain.Genesis.ToArray(), head.Hash);
        Assert.Null(await Store.HashAtAsync(1, None));
        Assert.Empty(await Store.CheckpointsAsync(10, None));
    }

    [Fact]
    public async Task The_head_is_the_last_entry_and_each_entry_s_hash_is_read_by_its_sequence()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));

        var head = await Store.HeadAsync(None);

        Assert.Equal(all[^1].Sequence, head.Sequence);
        Assert.Equal(all[^1].Hash, head.Hash);
        Assert.Equal(all[4].Hash, await Store.HashAtAsync(all[4].Sequence, None));
        Assert.Null(await Store.HashAtAsync(all[^1].Sequence + 1, None));
        Assert.Null(await Store.HashAtAsync(0, None));
    }

    [Fact]
    public async Task Checkpoints_are_stored_as_given_and_listed_newest_first_up_to_the_number_asked()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        var first = Checkpoint(all[3], T0.AddMinutes(1), [1, 2, 3]);
        var second = Checkpoint(all[9], T0.AddMinutes(2), [4, 5]);
        var third = Checkpoint(all[^1], T0.AddMinutes(3), [6]);

        foreach (var checkpoint in new[] { first, second, third })
        {
            await Store.AppendCheckpointAsync(checkpoint, None);
        }

        var listed = await Store.CheckpointsAsync(10, None);
        Assert.Equal([third.Sequence, second.Sequence, first.Sequence], listed.Select(c => c.Sequence));
        AssertSame(third, listed[0]);
        AssertSame(first, listed[2]);
        Assert.Equal([third.Sequence, second.Sequence], (await Store.CheckpointsAsync(2, None)).Select(c => c.Sequence));
        Assert.Empty(await Store.CheckpointsAsync(0, None));
    }

    [Fact]
    public async Task Checkpoints_survive_a_restart()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        var checkpoint = Checkpoint(all[^1], T0.AddMinutes(1), [7, 8, 9]);
        await Store.AppendCheckpointAsync(checkpoint, None);

        await ReopenAsync();

        AssertSame(checkpoint, Assert.Single(await Store.CheckpointsAsync(10, None)));
    }

    [Fact]
    public async Task A_checkpoint_naming_no_entry_or_another_hash_is_refused_and_nothing_is_stored()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        var past = Checkpoint(all[^1], T0, [1]) with { Sequence = all[^1].Sequence + 1 };
        var otherHash = Checkpoint(all[5], T0, [1]) with { Hash = all[6].Hash };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendCheckpointAsync(past, None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendCheckpointAsync(otherHash, None));

        Assert.Empty(await Store.CheckpointsAsync(10, None));
    }

    [Fact]
    public async Task A_checkpoint_not_past_the_last_one_is_refused()
    {
        var all = await EntriesAsync(await MixedActivityAsync(Store));
        await Store.AppendCheckpointAsync(Checkpoint(all[8], T0, [1]), None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendCheckpointAsync(Checkpoint(all[8], T0.AddMinutes(1), [2]), None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendCheckpointAsync(Checkpoint(all[2], T0.AddMinutes(1), [3]), None));

        Assert.Equal(all[8].Sequence, Assert.Single(await Store.CheckpointsAsync(10, None)).Sequence);
    }

    private static AuditCheckpoint Checkpoint(AuditEntry entry, DateTimeOffset at, byte[] signature) =>
        new(entry.Sequence, entry.Hash, at, Signer, signature);

    private static void AssertSame(AuditCheckpoint expected, AuditCheckpoint actual)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.At, actual.At);
        Assert.Equal(expected.Signer, actual.Signer);
        Assert.Equal(expected.Signature, actual.Signature);
    }
}
