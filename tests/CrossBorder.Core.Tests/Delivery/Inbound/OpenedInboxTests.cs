using System.Security.Cryptography;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>The opened messages kept between commit and first read: bounded, timed, and only for the exact bytes.</summary>
public sealed class OpenedInboxTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(300);

    [Fact]
    public void A_kept_message_is_served_once_for_the_same_bytes()
    {
        using var inbox = new OpenedInbox(_time);
        var opened = Opened();
        inbox.Remember("IT/NCP", "a", _bytes, opened);

        Assert.Same(opened, inbox.Take("IT/NCP", "a", _bytes));
        Assert.Null(inbox.Take("IT/NCP", "a", _bytes));
    }

    [Fact]
    public void A_kept_message_is_not_served_for_other_bytes()
    {
        using var inbox = new OpenedInbox(_time);
        inbox.Remember("IT/NCP", "a", _bytes, Opened());
        var changed = _bytes.ToArray();
        changed[10] ^= 0x01;

        Assert.Null(inbox.Take("IT/NCP", "a", changed));
    }

    [Fact]
    public void A_kept_message_is_not_served_after_its_keep_time_nor_after_acknowledge()
    {
        using var inbox = new OpenedInbox(_time, keep: TimeSpan.FromSeconds(30));
        inbox.Remember("IT/NCP", "old", _bytes, Opened());
        inbox.Remember("IT/NCP", "acked", _bytes, Opened());
        inbox.Forget("IT/NCP", "acked");
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Null(inbox.Take("IT/NCP", "old", _bytes));
        Assert.Null(inbox.Take("IT/NCP", "acked", _bytes));
    }

    [Fact]
    public void A_full_cache_keeps_no_more_until_entries_expire()
    {
        using var inbox = new OpenedInbox(_time, capacity: 2, keep: TimeSpan.FromSeconds(30));
        inbox.Remember("IT/NCP", "a", _bytes, Opened());
        inbox.Remember("IT/NCP", "b", _bytes, Opened());
        inbox.Remember("IT/NCP", "c", _bytes, Opened());
        Assert.Null(inbox.Take("IT/NCP", "c", _bytes));

        _time.Advance(TimeSpan.FromSeconds(31));
        inbox.Remember("IT/NCP", "d", _bytes, Opened());

        Assert.NotNull(inbox.Take("IT/NCP", "d", _bytes));
    }

    [Fact]
    public void An_unread_message_is_dropped_at_its_keep_time_without_any_other_traffic()
    {
        using var inbox = new OpenedInbox(_time, keep: TimeSpan.FromSeconds(30));
        inbox.Remember("IT/NCP", "unread", _bytes, Opened());
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, inbox.Count);

        // Nothing else arrives or is read: the sweeping timer alone drops the plaintext.
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public void Disposing_drops_every_kept_message()
    {
        var inbox = new OpenedInbox(_time);
        inbox.Remember("IT/NCP", "a", _bytes, Opened());

        inbox.Dispose();

        Assert.Equal(0, inbox.Count);
        Assert.Null(inbox.Take("IT/NCP", "a", _bytes));
    }

    private OpenedEnvelope Opened()
    {
        var header = DeliveryParties.Header("IT/NCP", "AL/NCP", _time.GetUtcNow());
        return new OpenedEnvelope(header.Route, header, DeliveryParties.Payload(), ParticipantId.Parse("IT/NCP"), pki["IT/NCP"].Signing.Certificate, _time.GetUtcNow());
    }
}
