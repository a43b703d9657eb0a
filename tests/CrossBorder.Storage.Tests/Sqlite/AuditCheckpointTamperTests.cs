using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Storage;
using CrossBorder.Testing.Pki;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Tests.Sqlite;

/// <summary>
/// A tamperer with the database file drops the append-only triggers and cuts, rewrites or edits the
/// chain, or forges a checkpoint: <see cref="AuditVerifier"/> names the kind and the first entry affected.
/// The chain of <see cref="MixedActivityAsync"/> has 16 entries; checkpoints sign entries 4, 8 and 12.
/// </summary>
public sealed class AuditCheckpointTamperTests : StoreTestBase, IDisposable
{
    private readonly TestCertificate _own = Signing("CN=IT/NCP signing");
    private readonly TestCertificate _stranger = Signing("CN=someone else");

    public void Dispose()
    {
        _own.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task An_untouched_trail_is_intact_with_every_checkpoint_checked()
    {
        await SeedAsync();

        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.Intact, verification.Kind);
        Assert.Null(verification.FirstBroken);
        Assert.Equal(16, verification.Entries);
        Assert.Equal(3, verification.Checkpoints);
    }

    [Fact]
    public async Task A_cut_tail_is_Truncated_from_the_first_missing_entry()
    {
        await SeedAsync();
        RawExecute("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > 10;");

        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken); // the chain alone cannot tell
        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.Truncated, verification.Kind);
        Assert.Equal(11, verification.FirstBroken);
        Assert.Equal(12, verification.Checkpoint);
        Assert.Equal(10, verification.Entries);
    }

    [Fact]
    public async Task A_chain_rewritten_with_fresh_hashes_from_entry_6_is_Rewritten_caught_by_the_checkpoint_at_8()
    {
        await SeedAsync();
        RewriteFrom(6);

        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken); // consistent: the chain alone cannot tell
        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.Rewritten, verification.Kind);
        Assert.Equal(8, verification.Checkpoint);
        Assert.Equal(5, verification.FirstBroken); // after the checkpoint at 4, which still holds
        Assert.StartsWith("rewritten: entry 8 differs from its signed checkpoint", verification.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_tail_whose_checkpoint_rows_were_deleted_too_is_caught_by_exported_checkpoints()
    {
        await SeedAsync();
        var exported = await Store.CheckpointsAsync(int.MaxValue, None);
        await SignAsync(16, _own);
        var later = (await Store.CheckpointsAsync(1, None))[0];
        RawExecute("DROP TRIGGER audit_no_delete; DROP TRIGGER audit_checkpoint_no_delete; DELETE FROM audit WHERE seq > 13; DELETE FROM audit_checkpoint;");

        Assert.True((await VerifyAsync()).IsIntact); // nothing left in the database to tell
        var verification = await AuditVerifier.VerifyAsync(Store, Store, [_own.Certificate], [.. exported, later], None);

        Assert.Equal(AuditIntegrity.Truncated, verification.Kind);
        Assert.Equal(14, verification.FirstBroken);
        Assert.Equal(16, verification.Checkpoint);
        Assert.Equal(4, verification.Checkpoints);
    }

    [Fact]
    public async Task One_edited_entry_is_EntryBroken_at_that_entry()
    {
        await SeedAsync();
        RawExecute("DROP TRIGGER audit_no_update; UPDATE audit SET attempt = attempt + 1 WHERE seq = 6;");

        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.EntryBroken, verification.Kind);
        Assert.Equal(6, verification.FirstBroken);
        Assert.Null(verification.Checkpoint);
    }

    [Fact]
    public async Task A_checkpoint_whose_signature_was_altered_is_CheckpointInvalid_BAD_SIGNATURE()
    {
        await SeedAsync();
        var signature = (await Store.CheckpointsAsync(int.MaxValue, None)).Single(c => c.Sequence == 8).Signature;
        signature[^1] ^= 0x01; // the last byte of the ECDSA signature value: still well-formed, no longer valid
        RawExecute("DROP TRIGGER audit_checkpoint_no_update; UPDATE audit_checkpoint SET signature = $signature WHERE seq = 8;", ("$signature", signature));

        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.CheckpointInvalid, verification.Kind);
        Assert.Equal(ReasonCode.BadSignature, verification.CheckpointReason);
        Assert.Equal(8, verification.Checkpoint);
        Assert.Equal(8, verification.FirstBroken);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_certificate_is_CheckpointInvalid_SIGNER_MISMATCH()
    {
        await SeedAsync();
        await SignAsync(16, _stranger);

        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.CheckpointInvalid, verification.Kind);
        Assert.Equal(ReasonCode.SignerMismatch, verification.CheckpointReason);
        Assert.Equal(16, verification.Checkpoint);
    }

    [Fact]
    public async Task A_checkpoint_whose_time_was_altered_does_not_verify_HEADER_MISMATCH()
    {
        await SeedAsync();
        RawExecute("DROP TRIGGER audit_checkpoint_no_update; UPDATE audit_checkpoint SET at = at + 1 WHERE seq = 12;");

        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.CheckpointInvalid, verification.Kind);
        Assert.Equal(ReasonCode.HeaderMismatch, verification.CheckpointReason);
    }

    [Fact]
    public async Task A_cut_tail_is_reported_before_a_forged_checkpoint()
    {
        await SeedAsync();
        await SignAsync(16, _stranger);
        RawExecute("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > 10;");

        var verification = await VerifyAsync();

        Assert.Equal(AuditIntegrity.Truncated, verification.Kind);
        Assert.Equal(11, verification.FirstBroken);
    }

    [Fact]
    public async Task Checkpoint_rows_refuse_updates_and_deletes()
    {
        await SeedAsync();

        Assert.Throws<SqliteException>(() => RawExecute("UPDATE audit_checkpoint SET at = 0 WHERE seq = 4;"));
        Assert.Throws<SqliteException>(() => RawExecute("DELETE FROM audit_checkpoint WHERE seq = 4;"));
        Assert.Equal(3, RawScalar("SELECT COUNT(*) FROM audit_checkpoint"));
    }

    private static TestCertificate Signing(string subject) =>
        TestCertificateBuilder.For(subject).EcKey().EndEntity().Valid(T0.AddDays(-1), T0.AddYears(1)).Build();

    private Task<AuditVerification> VerifyAsync() => AuditVerifier.VerifyAsync(Store, Store, [_own.Certificate], [], None);

    private async Task SeedAsync()
    {
        await MixedActivityAsync(Store);
        Assert.Equal(16, (await Store.HeadAsync(None)).Sequence);
        foreach (var sequence in new long[] { 4, 8, 12 })
        {
            await SignAsync(sequence, _own);
        }
    }

    private async Task SignAsync(long sequence, TestCertificate signer)
    {
        var head = new AuditHead(sequence, (await Store.HashAtAsync(sequence, None))!);
        var identity = new SigningIdentity(signer.Certificate, signer.Key, []);
        await Store.AppendCheckpointAsync(AuditCheckpoints.Sign(head, T0.AddMinutes(sequence), identity), None);
    }

    /// <summary>Changes entry <paramref name="from"/> and recomputes every hash from it on, as a careful tamperer would.</summary>
    private void RewriteFrom(long from)
    {
        using var connection = OpenRaw();
        using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TRIGGER audit_no_update;";
            drop.ExecuteNonQuery();
        }

        var rows = new List<(long Seq, long At, string Id, string Direction, string Peer, string State, long Reason, int Attempt, byte[] Sha, byte[] Hash)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, hash FROM audit ORDER BY seq;";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetInt64(6), reader.GetInt32(7), reader.GetFieldValue<byte[]>(8), reader.GetFieldValue<byte[]>(9)));
            }
        }

        var previous = rows.Single(r => r.Seq == from - 1).Hash;
        foreach (var row in rows.Where(r => r.Seq >= from))
        {
            var attempt = row.Seq == from ? row.Attempt + 1 : row.Attempt;
            var hash = AuditChain.Hash(previous, row.Seq, DateTimeOffset.FromUnixTimeMilliseconds(row.At), row.Id, StateNames.ParseDirection(row.Direction), row.Peer,
                StateNames.ParseAudit(row.State), (ReasonCode)row.Reason, attempt, row.Sha);
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit SET attempt = $attempt, prev_hash = $prev, hash = $hash WHERE seq = $seq;";
            update.Parameters.AddWithValue("$attempt", attempt);
            update.Parameters.AddWithValue("$prev", previous);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$seq", row.Seq);
            Assert.Equal(1, update.ExecuteNonQuery());
            previous = hash;
        }
    }
}
