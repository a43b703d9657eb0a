using System.Collections.Concurrent;
using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// Submissions kept up by a few concurrent clients while a fault is injected, each with a
/// submission key: every submit is either accepted (an id) or refused UNAVAILABLE, and a refused
/// key is sent again after the fault, as a client does. A refusal with any other reason fails the test.
/// </summary>
internal sealed class SubmitLoad(IReadOnlyList<LocalExchange.LocalExchangeClient> clients, string recipient)
{
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refused = new();
    private int _next;
    private int _refusedUnavailable;

    /// <summary>The message id each accepted key was given.</summary>
    public IReadOnlyDictionary<string, string> Accepted => _accepted;

    /// <summary>How many submits were refused UNAVAILABLE (each key sent again later).</summary>
    public int RefusedUnavailable => Volatile.Read(ref _refusedUnavailable);

    /// <summary>Submits until <paramref name="stop"/> is cancelled, with <paramref name="parallel"/> clients at once.</summary>
    public Task RunAsync(int parallel, CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, parallel).Select(async lane =>
    {
        while (!stop.IsCancellationRequested)
        {
            var key = "load-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
            if (!await TrySubmitAsync(clients[lane % clients.Count], key))
            {
                await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
            }
        }
    }));

    /// <summary>Submits <paramref name="count"/> more, one after the other; each must be accepted.</summary>
    public async Task SubmitAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var key = "load-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
            Assert.True(await TrySubmitAsync(clients[i % clients.Count], key), "a submit was refused while the store was up");
        }
    }

    /// <summary>Sends every refused key again until each is accepted (a new message, or the one stored before the answer was lost).</summary>
    public async Task RetryRefusedAsync(TimeSpan limit)
    {
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (_refused.TryDequeue(out var key))
        {
            while (!await TrySubmitAsync(clients[0], key, requeue: false))
            {
                Assert.True(TimeProvider.System.GetUtcNow() < until, "refused submissions were not accepted after the fault");
                await Eventually.PauseAsync(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>One submit under <paramref name="key"/>: true when accepted; false when refused UNAVAILABLE (kept for a retry).</summary>
    public async Task<bool> TrySubmitAsync(LocalExchange.LocalExchangeClient client, string key, bool requeue = true)
    {
        try
        {
            var answer = await client.SubmitAsync(
                new SubmitRequest { Recipient = recipient, Purpose = Purpose.TransnationalReferral, LegalBasis = LegalBasis, Payload = Example("case-referral"), SubmissionKey = key },
                deadline: Deadline(15));
            Assert.True(_accepted.GetOrAdd(key, answer.MessageId) == answer.MessageId, $"submission key {key} was given two message ids");
            return true;
        }
        catch (RpcException ex)
        {
            var reason = RefusalStatus.ReasonOf(ex);
            Assert.True(reason == ReasonCode.Unavailable, $"a submit during the fault was refused with {reason?.ToString() ?? ex.StatusCode.ToString()}, not UNAVAILABLE");
            Interlocked.Increment(ref _refusedUnavailable);
            if (requeue)
            {
                _refused.Enqueue(key);
            }

            return false;
        }
    }
}
