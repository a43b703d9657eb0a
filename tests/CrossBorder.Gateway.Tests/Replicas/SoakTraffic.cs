using System.Collections.Concurrent;
using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// The soak's traffic in one direction: clients of the sender submit through either of its
/// replicas with submission keys, and the recipient's application reads its inbox through either
/// of its replicas and acknowledges. A replica that is down shows as a transport failure (or no answer in time) without a
/// reason code, and the client goes to the other replica with the same key (or the same
/// acknowledgement); a refusal is allowed only with UNAVAILABLE. Every id the inbox answers is
/// counted, so that a message offered again after its acknowledgement shows as a duplicate.
/// </summary>
internal sealed class SoakTraffic(
    string name, IReadOnlyList<SoakReplica> senders, string recipient, IReadOnlyList<SoakReplica> readers, IReadOnlyList<(Purpose Purpose, CasePayload Payload)> kinds)
{
    /// <summary>How long one key (or one acknowledgement) is tried, over both replicas, before the test fails.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly HashSet<StatusCode> Transport = [StatusCode.Unavailable, StatusCode.Cancelled, StatusCode.Internal, StatusCode.Unknown];

    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _offered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new(StringComparer.Ordinal);
    private int _next;
    private int _transportFailures;
    private int _refusedUnavailable;
    private int _unanswered;

    public string Name => name;

    public string Sender => senders[0].Participant;

    public string Recipient => recipient;

    /// <summary>The message id each accepted submission key was given.</summary>
    public IReadOnlyDictionary<string, string> Accepted => _accepted;

    /// <summary>How often the inbox answered each message id.</summary>
    public IReadOnlyDictionary<string, int> Offered => _offered;

    /// <summary>The ids whose acknowledgement the recipient's gateway confirmed.</summary>
    public ICollection<string> Acknowledged => _acknowledged.Keys;

    /// <summary>Calls that met a replica down (a transport failure, no reason code) and went to the other.</summary>
    public int TransportFailures => Volatile.Read(ref _transportFailures);

    /// <summary>Calls not answered within their deadline, tried again on the other replica.</summary>
    public int Unanswered => Volatile.Read(ref _unanswered);

    /// <summary>Calls refused UNAVAILABLE and tried again.</summary>
    public int RefusedUnavailable => Volatile.Read(ref _refusedUnavailable);

    /// <summary>Whether every accepted message has been acknowledged by the recipient's application.</summary>
    public bool AllRead => _accepted.Values.All(_acknowledged.ContainsKey);

    /// <summary>Submits with <paramref name="lanes"/> concurrent clients until <paramref name="stop"/> is cancelled.</summary>
    public Task SendAsync(int lanes, CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            await SubmitAsync(name + "-" + n.ToString(CultureInfo.InvariantCulture), kinds[n % kinds.Count], first: n + lane);
        }
    }, CancellationToken.None)));

    /// <summary>Reads and acknowledges until <paramref name="stop"/> is cancelled, alternating the recipient's replicas.</summary>
    public Task ReadAsync(CancellationToken stop) => Task.Run(async () =>
    {
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            var messages = await InboxAsync(readers[round++ % readers.Count].Client, waitSeconds: 2);
            if (messages.Count > 0)
            {
                await AcknowledgeAsync(messages, first: round);
            }
        }
    }, CancellationToken.None);

    /// <summary>One inbox answer of <paramref name="client"/>, every id counted; empty when the replica is down.</summary>
    public async Task<IReadOnlyList<InboxMessage>> InboxAsync(LocalExchange.LocalExchangeClient client, uint waitSeconds)
    {
        try
        {
            var answer = await client.InboxAsync(new InboxRequest { WaitSeconds = waitSeconds, MaxMessages = 100 }, deadline: Deadline(waitSeconds + 15));
            foreach (var message in answer.Messages)
            {
                _offered.AddOrUpdate(message.MessageId, 1, (_, count) => count + 1);
            }

            return answer.Messages;
        }
        catch (RpcException ex)
        {
            Classify(ex, "an inbox read");
            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
            return [];
        }
    }

    private async Task SubmitAsync(string key, (Purpose Purpose, CasePayload Payload) kind, int first)
    {
        var request = new SubmitRequest { Recipient = recipient, Purpose = kind.Purpose, LegalBasis = LegalBasis, Payload = kind.Payload, SubmissionKey = key };
        var until = TimeProvider.System.GetUtcNow() + Patience;
        for (var attempt = first; ; attempt++)
        {
            try
            {
                var answer = await senders[attempt % senders.Count].Client.SubmitAsync(request, deadline: Deadline(15));
                Assert.True(_accepted.GetOrAdd(key, answer.MessageId) == answer.MessageId, $"submission key {key} was given two message ids");
                return;
            }
            catch (RpcException ex)
            {
                Classify(ex, "a submit");
            }

            Assert.True(TimeProvider.System.GetUtcNow() < until, $"submission key {key} was not accepted by either replica within {Patience}");
            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Acknowledges <paramref name="messages"/>, going to the other replica until one confirms (acknowledging twice is answered, not refused).</summary>
    private async Task AcknowledgeAsync(IReadOnlyList<InboxMessage> messages, int first)
    {
        var request = new AcknowledgeBatchRequest();
        request.Messages.Add(messages.Select(m => new AcknowledgeRequest { MessageId = m.MessageId, Sender = m.Sender }));
        var until = TimeProvider.System.GetUtcNow() + Patience;
        for (var attempt = first; ; attempt++)
        {
            try
            {
                var answer = await readers[attempt % readers.Count].Client.AcknowledgeBatchAsync(request, deadline: Deadline(15));
                foreach (var result in answer.Results)
                {
                    Assert.True(result.Reason == ReasonCode.Unspecified, $"acknowledging {result.MessageId} was answered {result.Reason}");
                    _acknowledged.TryAdd(result.MessageId, 0);
                }

                return;
            }
            catch (RpcException ex)
            {
                Classify(ex, "an acknowledgement");
            }

            Assert.True(TimeProvider.System.GetUtcNow() < until, $"an acknowledgement was not confirmed by either replica within {Patience}");
            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>A replica down (transport failure, no reason code) or a refusal UNAVAILABLE; anything else fails the test.</summary>
    private void Classify(RpcException ex, string what)
    {
        var reason = RefusalStatus.ReasonOf(ex);
        if (reason is null && Transport.Contains(ex.StatusCode))
        {
            Interlocked.Increment(ref _transportFailures);
            return;
        }

        if (reason is null && ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            // No answer in time (a replica stopping, or a machine too busy): the same as down for the client, counted apart.
            Interlocked.Increment(ref _unanswered);
            return;
        }

        Assert.True(reason == ReasonCode.Unavailable, $"{what} ({name}) was refused with {reason?.ToString() ?? ex.StatusCode.ToString()}, not UNAVAILABLE: {ex.Status.Detail}");
        Interlocked.Increment(ref _refusedUnavailable);
    }
}
