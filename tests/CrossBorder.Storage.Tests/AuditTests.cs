using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Tests;

public sealed class AuditTests : StoreTestBase
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly HashSet<MessageType> Referrals = Types(MessageType.CaseReferral);

    [Fact]
    public async Task An_empty_chain_verifies()
    {
        Assert.Equal(new AuditVerification(0, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task The_chain_of_mixed_activity_verifies_and_links_every_entry_to_the_one_before()
    {
        var entries = await MixedActivityAsync();
        Assert.True(entries > 10);

        Assert.Equal(new AuditVerification(entries, null), await Store.VerifyAuditAsync(None));

        var all = await AllEntriesAsync();
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
    public async Task Audit_entries_cannot_be_changed_or_removed_through_sql()
    {
        await MixedActivityAsync();
        var update = Assert.Throws<SqliteException>(() => RawExecute("UPDATE audit SET state = 'DELIVERED' WHERE seq = 3"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => RawExecute("DELETE FROM audit WHERE seq = 3"));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task Editing_one_entry_breaks_the_chain_at_that_entry()
    {
        var entries = await MixedActivityAsync();
        var victim = (await AllEntriesAsync()).First(e => e.State == MessageStates.Sending);

        // A tamperer with access to the file can drop the triggers; the chain still tells.
        RawExecute("DROP TRIGGER audit_no_update");
        Assert.Equal(1, RawExecute("UPDATE audit SET state = 'DELIVERED' WHERE seq = $seq", ("$seq", victim.Sequence)));

        Assert.Equal(new AuditVerification(entries, victim.Sequence), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task Editing_an_entry_and_its_hash_breaks_the_chain_at_the_next_entry()
    {
        var entries = await MixedActivityAsync();
        var all = await AllEntriesAsync();
        var victim = all[4];
        var forged = AuditChain.Hash(victim.PreviousHash, victim.Sequence, victim.At, victim.MessageId, victim.Direction, victim.Peer,
            victim.State, ReasonCode.Unspecified, victim.Attempt + 1, victim.SealedSha256);

        RawExecute("DROP TRIGGER audit_no_update");
        RawExecute("UPDATE audit SET attempt = attempt + 1, hash = $hash WHERE seq = $seq", ("$hash", forged), ("$seq", victim.Sequence));

        Assert.Equal(new AuditVerification(entries, victim.Sequence + 1), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task Removing_an_entry_breaks_the_chain_at_the_next_entry()
    {
        var entries = await MixedActivityAsync();
        RawExecute("DROP TRIGGER audit_no_delete");
        RawExecute("DELETE FROM audit WHERE seq = 5");

        Assert.Equal(new AuditVerification(entries - 1, 6), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task The_audit_holds_ids_codes_and_digests_but_never_payload_bytes()
    {
        const string Marker = "Eleni Papadopoulou born 1987-04-12 in Korca";
        var payload = Encoding.UTF8.GetBytes($"sealed-ish payload: {Marker}; case notes follow");

        var outbound = Outbound(T0, envelope: payload);
        await Store.EnqueueAsync(outbound, T0, None);
        await Store.ClaimDueAsync(T0, 10, Lease, None);
        await Store.CompleteAttemptAsync(outbound.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddSeconds(5), T0.AddSeconds(1)), None);
        await Store.ClaimDueAsync(T0.AddSeconds(5), 10, Lease, None);
        await Store.CompleteAttemptAsync(outbound.MessageId, 2, new AttemptOutcome.Rejected(ReasonCode.PolicyRefused, payload, T0.AddSeconds(6)), None);

        var inbound = Inbound(T0, envelope: payload, receipt: payload);
        await Store.CommitInboundAsync(inbound, None);
        await Store.OfferAsync(Referrals, 10, T0.AddMinutes(1), None);
        await Store.AcknowledgeAsync(Sender, inbound.MessageId, Referrals, T0.AddMinutes(2), None);
        await Store.RecordInboundRejectionAsync(Sender, NewId(), outbound.SealedSha256, ReasonCode.Replay, T0.AddMinutes(3), None);

        // The search works: the payload is in the stored inbox envelope and the outbox receipt (the
        // outbox's sealed bytes were discarded at the final rejection).
        Assert.Equal(1, RawScalar("SELECT COUNT(*) FROM outbox WHERE instr(signed_receipt, $marker) > 0", ("$marker", Encoding.UTF8.GetBytes(Marker))));
        Assert.Equal(1, RawScalar("SELECT COUNT(*) FROM inbox WHERE instr(envelope, $marker) > 0", ("$marker", Encoding.UTF8.GetBytes(Marker))));

        var needles = new[] { Encoding.UTF8.GetBytes("Papadopoulou"), Encoding.Unicode.GetBytes("Papadopoulou") };
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM audit";
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var column = 0; column < reader.FieldCount; column++)
            {
                var bytes = reader.GetValue(column) switch
                {
                    string text => Encoding.UTF8.GetBytes(text),
                    byte[] blob => blob,
                    var other => Encoding.UTF8.GetBytes(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)!),
                };
                foreach (var needle in needles)
                {
                    Assert.False(bytes.AsSpan().IndexOf(needle) >= 0, $"audit column {reader.GetName(column)} holds payload bytes");
                }
            }
        }

        Assert.Equal(10, rows);
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task The_chain_continues_across_a_restart()
    {
        var before = await MixedActivityAsync();
        await ReopenAsync();
        var message = Outbound(T0.AddHours(1));
        await Store.EnqueueAsync(message, T0.AddHours(1), None);

        var trail = await Store.TrailAsync(message.MessageId, None);
        Assert.Equal([before + 1, before + 2], trail.Select(e => e.Sequence));
        Assert.Equal(new AuditVerification(before + 2, null), await Store.VerifyAuditAsync(None));
    }

    /// <summary>Outbound and inbound traffic through every kind of audited step; returns the number of entries.</summary>
    private async Task<long> MixedActivityAsync()
    {
        var delivered = Outbound(T0);
        var retried = Outbound(T0);
        var expiring = Outbound(T0, lifetime: TimeSpan.FromMinutes(1));
        await Store.EnqueueAsync(delivered, T0, None);                                   // 2
        await Store.EnqueueAsync(retried, T0, None);                                     // 2
        await Store.ClaimDueAsync(T0, 10, Lease, None);                                  // 2
        await Store.CompleteAttemptAsync(delivered.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddSeconds(1)), None);                          // 1
        await Store.CompleteAttemptAsync(retried.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddSeconds(10), T0.AddSeconds(1)), None); // 1
        await Store.EnqueueAsync(expiring, T0.AddSeconds(2), None);                     // 2
        await Store.ExpireAsync(T0.AddMinutes(1), ReasonCode.Stale, None);               // 2 (expiring, retried)

        var inbound = Inbound(T0.AddSeconds(3));
        await Store.CommitInboundAsync(inbound, None);                                   // 1
        await Store.OfferAsync(Referrals, 10, T0.AddSeconds(4), None);                   // 1
        await Store.AcknowledgeAsync(Sender, inbound.MessageId, Referrals, T0.AddSeconds(5), None); // 1
        await Store.PurgeAsync(T0.AddSeconds(5), T0.AddSeconds(6), None);                // 1
        await Store.RecordInboundRejectionAsync("MK/NCP", NewId(), new byte[32], ReasonCode.Untrusted, T0.AddSeconds(7), None); // 1
        return RawScalar("SELECT COUNT(*) FROM audit");
    }

    private async Task<List<AuditEntry>> AllEntriesAsync()
    {
        var ids = new List<string>();
        using (var connection = OpenRaw())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT DISTINCT message_id FROM audit";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var entries = new List<AuditEntry>();
        foreach (var id in ids)
        {
            entries.AddRange(await Store.TrailAsync(id, None));
        }

        return [.. entries.OrderBy(e => e.Sequence)];
    }
}
