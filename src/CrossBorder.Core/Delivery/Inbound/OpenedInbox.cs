using System.Collections.Concurrent;
using System.Security.Cryptography;
using CrossBorder.Core.Envelopes;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Messages opened on receipt and not yet read, kept in memory between the inbox commit and the
/// first read so that the common case (a reader waiting on its inbox) does not decrypt and verify
/// the same bytes a second time. Bounded in count and time: an entry is taken by its first read,
/// dropped on acknowledge and ignored once older than the keep time. An entry is served only for
/// exactly the bytes it was opened from (their SHA-256 is compared), so stored bytes that changed
/// since are opened again and fail as they would have. The inbox keeps its sealed bytes encrypted
/// at rest regardless. A timer sweeps every second, so that an opened payload nobody reads is held
/// in memory no longer than the keep time (two minutes) even when no other message arrives.
/// </summary>
public sealed class OpenedInbox : IDisposable
{
    /// <summary>Opened messages kept at most: a few megabytes of payloads.</summary>
    public const int DefaultCapacity = 1024;

    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Sender, string MessageId), Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _keep;
    private readonly ITimer _sweeper;
    private int _count;
    private long _nextSweep;

    /// <summary>Creates the store of opened messages; <paramref name="keep"/> defaults to two minutes.</summary>
    public OpenedInbox(TimeProvider time, int capacity = DefaultCapacity, TimeSpan? keep = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _capacity = capacity;
        _keep = keep ?? TimeSpan.FromMinutes(2);
        _sweeper = time.CreateTimer(_ => Sweep(_time.GetUtcNow()), null, SweepEvery, SweepEvery);
    }

    /// <summary>Entries held now (taken, forgotten and swept ones excluded).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Keeps a message just committed to the inbox, opened from <paramref name="encodedEnvelope"/>; skipped when full.</summary>
    public void Remember(string sender, string messageId, ReadOnlySpan<byte> encodedEnvelope, OpenedEnvelope opened)
    {
        var now = _time.GetUtcNow();
        if (Volatile.Read(ref _count) >= _capacity && !Sweep(now))
        {
            return;
        }

        if (_entries.TryAdd((sender, messageId), new Entry(SHA256.HashData(encodedEnvelope), opened, now + _keep)))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>The message opened from exactly <paramref name="encodedEnvelope"/>, taken out; null when not kept.</summary>
    public OpenedEnvelope? Take(string sender, string messageId, ReadOnlySpan<byte> encodedEnvelope)
    {
        if (!_entries.TryRemove((sender, messageId), out var entry))
        {
            return null;
        }

        Interlocked.Decrement(ref _count);
        return entry.Until >= _time.GetUtcNow() && CryptographicOperations.FixedTimeEquals(entry.EnvelopeSha256, SHA256.HashData(encodedEnvelope))
            ? entry.Opened
            : null;
    }

    /// <summary>Drops a message that was acknowledged (or will not be read).</summary>
    public void Forget(string sender, string messageId)
    {
        if (_entries.TryRemove((sender, messageId), out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Drops entries past their keep time, at most once a second; true when there is room afterwards.</summary>
    private bool Sweep(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweep, (now + SweepEvery).UtcTicks, next) != next)
        {
            return false;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.Until < now && _entries.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        return Volatile.Read(ref _count) < _capacity;
    }

    /// <summary>Stops the sweeping timer and drops every entry.</summary>
    public void Dispose()
    {
        _sweeper.Dispose();
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }

    private sealed record Entry(byte[] EnvelopeSha256, OpenedEnvelope Opened, DateTimeOffset Until);
}
