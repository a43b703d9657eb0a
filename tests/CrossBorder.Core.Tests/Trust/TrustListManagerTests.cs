using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Trust;

public sealed class TrustListManagerTests : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(24);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _operator = TrustListFactory.NewOperator();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly MemoryTrustStateStore _store = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("trust-state-").FullName;

    [Fact]
    public void A_fresh_list_signed_by_the_pinned_operator_is_accepted_and_remembered()
    {
        var manager = Manager();

        var accepted = manager.Offer(Sign(3));

        Assert.Equal(3UL, accepted.Sequence);
        Assert.Equal(TrustListStatus.Fresh, manager.Status);
        Assert.Equal(3UL, _store.Saved!.HighestSequence);
    }

    [Fact]
    public void A_lower_or_equal_sequence_is_refused_as_rollback_and_the_last_good_list_is_kept()
    {
        var manager = Manager();
        manager.Offer(Sign(5));

        var lower = Assert.Throws<RejectedException>(() => manager.Offer(Sign(4)));
        var equalButDifferent = Assert.Throws<RejectedException>(() => manager.Offer(Sign(5, federation: "other")));

        Assert.Equal(ReasonCode.Rollback, lower.Reason);
        Assert.Equal(ReasonCode.Rollback, equalButDifferent.Reason);
        Assert.Equal(5UL, manager.Current!.Sequence);
    }

    [Fact]
    public void Rollback_stays_refused_after_a_restart_and_the_remembered_list_reloads()
    {
        var store = new FileTrustStateStore(Path.Combine(_directory, "trust-state.json"));
        var five = Sign(5);
        new TrustListManager(_operator, store, _time, Grace, NullLogger.Instance).Offer(five);

        var restarted = new TrustListManager(_operator, new FileTrustStateStore(Path.Combine(_directory, "trust-state.json")), _time, Grace, NullLogger.Instance);
        var rollback = Assert.Throws<RejectedException>(() => restarted.Offer(Sign(4)));
        var reloaded = restarted.Offer(five);

        Assert.Equal(ReasonCode.Rollback, rollback.Reason);
        Assert.Equal(5UL, reloaded.Sequence);
    }

    [Fact]
    public void A_new_list_past_next_update_plus_grace_is_refused_and_the_last_good_list_is_kept()
    {
        var manager = Manager();
        manager.Offer(Sign(1));

        var stale = Assert.Throws<RejectedException>(() =>
            manager.Offer(TrustListFactory.Sign(_operator, 2, _time.GetUtcNow() - Month - Grace - TimeSpan.FromHours(1), Month)));

        Assert.Equal(ReasonCode.TrustListStale, stale.Reason);
        Assert.Equal(1UL, manager.Current!.Sequence);
    }

    [Fact]
    public void When_the_list_in_force_goes_stale_exchange_stops_and_a_fresh_list_resumes_it()
    {
        var manager = Manager();
        manager.Offer(TrustListFactory.Sign(_operator, 1, _time.GetUtcNow(), TimeSpan.FromHours(1)));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(TrustListStatus.InGrace, manager.ReportStatus());
        Assert.Equal(1UL, manager.RequireUsable().Sequence);

        _time.Advance(Grace);
        Assert.Equal(TrustListStatus.Stale, manager.ReportStatus());
        var suspended = Assert.Throws<RejectedException>(manager.RequireUsable);
        Assert.Equal(ReasonCode.TrustListStale, suspended.Reason);

        manager.Offer(TrustListFactory.Sign(_operator, 2, _time.GetUtcNow(), Month));
        Assert.Equal(TrustListStatus.Fresh, manager.ReportStatus());
        Assert.Equal(2UL, manager.RequireUsable().Sequence);
    }

    [Fact]
    public void A_remembered_list_that_went_stale_during_downtime_is_kept_but_suspends_exchange()
    {
        var list = TrustListFactory.Sign(_operator, 7, _time.GetUtcNow(), TimeSpan.FromHours(1));
        Manager().Offer(list);
        _time.Advance(TimeSpan.FromDays(3));

        var restarted = Manager();
        restarted.Offer(list);

        Assert.Equal(TrustListStatus.Stale, restarted.Status);
        Assert.Equal(ReasonCode.TrustListStale, Assert.Throws<RejectedException>(restarted.RequireUsable).Reason);
    }

    [Fact]
    public void A_list_signed_by_another_operator_or_with_a_broken_signature_is_refused()
    {
        var manager = Manager();
        manager.Offer(Sign(1));
        var forged = TrustListFactory.Sign(TrustListFactory.NewOperator("Forger"), 2, _time.GetUtcNow(), Month);
        var broken = Sign(3);
        broken[^5] ^= 0x01; // inside the signature value, the last field of the SignedData

        Assert.Equal(ReasonCode.Untrusted, Assert.Throws<RejectedException>(() => manager.Offer(forged)).Reason);
        Assert.Contains(Assert.Throws<RejectedException>(() => manager.Offer(broken)).Reason, new[] { ReasonCode.BadSignature, ReasonCode.Malformed });
        Assert.Equal(1UL, manager.Current!.Sequence);
    }

    [Fact]
    public void An_announced_successor_operator_takes_over_and_the_old_key_is_retired()
    {
        var successor = TrustListFactory.NewOperator("Successor Operator");
        var manager = Manager();
        manager.Offer(TrustListFactory.Sign(_operator, 1, _time.GetUtcNow(), Month, nextOperator: successor));

        var rolled = manager.Offer(TrustListFactory.Sign(successor, 2, _time.GetUtcNow(), Month));
        var byOldKey = Assert.Throws<RejectedException>(() => manager.Offer(Sign(3)));
        var restarted = Manager();
        var afterRestart = restarted.Offer(TrustListFactory.Sign(successor, 4, _time.GetUtcNow(), Month));

        Assert.Equal(2UL, rolled.Sequence);
        Assert.Equal(ReasonCode.Untrusted, byOldKey.Reason);
        Assert.Equal(4UL, afterRestart.Sequence);
        Assert.Equal(successor.Thumbprint, restarted.Operator.Thumbprint);
    }

    [Fact]
    public void An_unannounced_operator_is_refused()
    {
        var manager = Manager();
        manager.Offer(Sign(1));

        var error = Assert.Throws<RejectedException>(() => manager.Offer(TrustListFactory.Sign(TrustListFactory.NewOperator("Unannounced"), 2, _time.GetUtcNow(), Month)));

        Assert.Equal(ReasonCode.Untrusted, error.Reason);
    }

    [Fact]
    public void Offering_the_list_in_force_again_changes_nothing()
    {
        var manager = Manager();
        var list = Sign(2);
        manager.Offer(list);
        var saves = _store.Saves;

        manager.Offer(list);

        Assert.Equal(saves, _store.Saves);
        Assert.Equal(2UL, manager.Current!.Sequence);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TrustListManager Manager() => new(_operator, _store, _time, Grace, NullLogger.Instance);

    private byte[] Sign(ulong sequence, string federation = "test") =>
        TrustListFactory.Sign(_operator, sequence, _time.GetUtcNow(), Month, federation: federation);
}
