using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store has: two stores on one file, append-only triggers, the raw rows of its file.</summary>
public sealed class SqliteStoreTests : StoreTestBase
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly HashSet<MessageType> Referrals = Types(MessageType.CaseReferral);

    [Fact]
    public async Task Concurrent_commits_through_two_stores_on_one_file_commit_once()
    {
        var other = await OpenSecondStoreAsync();
        var id = NewId();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => (i % 2 == 0 ? Store : other).CommitInboundAsync(Inbound(T0, id: id), None))));

        Assert.Single(results, r => r.Committed);
        Assert.Single(await Store.TrailAsync(id, None));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task Audit_entries_cannot_be_changed_or_removed_through_sql()
    {
        await MixedActivityAsync(Store);
        var update = Assert.Throws<SqliteException>(() => RawExecute("UPDATE audit SET state = 'DELIVERED' WHERE seq = 3"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => RawExecute("DELETE FROM audit WHERE seq = 3"));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
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
}
