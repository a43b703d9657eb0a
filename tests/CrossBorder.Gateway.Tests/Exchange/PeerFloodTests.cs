using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Tests.Infrastructure;
using CrossBorder.Storage.Sqlite;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A trusted peer that floods the peer face: junk past its refusal budget, more calls at once
/// than its delivery slots. It gets RATE_LIMITED (RESOURCE_EXHAUSTED), the audit holds counts
/// instead of a row per junk envelope, and other peers are still served.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class PeerFloodTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Junk_past_the_refusal_budget_is_refused_RATE_LIMITED_and_audited_as_one_count_per_reason()
    {
        const int Budget = 10;
        var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Limits.PeerRefusalBudget = Budget;
            o.Limits.RefusalWindowSeconds = 3600;
        });
        var database = albania.Runtime.Exchange.DatabasePath;
        List<(string Id, ReasonCode? Reason, StatusCode Status)> answers = [];
        ReasonCode? legitimate, otherPeer;
        await using (albania)
        {
            using var italy = new TestPeer(federation, "IT/NCP");
            using var greece = new TestPeer(federation, "GR/NCP");
            var client = italy.Client(albania, "AL/NCP");
            for (var i = 0; i < Budget + 5; i++)
            {
                var junk = Junk("IT/NCP");
                var (reason, error) = await RefusalAsync(() => TestPeer.DeliverAsync(client, junk.ToByteString()));
                answers.Add((junk.Route.MessageId, reason, error.StatusCode));
            }

            (legitimate, _) = await RefusalAsync(() => TestPeer.DeliverAsync(client, italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination)).ToByteString()));
            (otherPeer, _) = await RefusalAsync(() => TestPeer.DeliverAsync(greece.Client(albania, "AL/NCP"), Junk("GR/NCP").ToByteString()));
        }

        var refused = answers[..Budget];
        Assert.All(refused, a => Assert.Equal(ReasonCode.Malformed, a.Reason));
        Assert.All(answers[Budget..], a => Assert.True(a.Reason == ReasonCode.RateLimited && a.Status == StatusCode.ResourceExhausted, $"{a.Reason} {a.Status}"));
        Assert.Equal(ReasonCode.RateLimited, legitimate);
        Assert.Equal(ReasonCode.Malformed, otherPeer);

        await using var store = new SqliteMessageStore(database, new SqliteStoreOptions());
        await store.InitializeAsync(CancellationToken.None);
        var ownEntries = 0;
        foreach (var (id, _, _) in answers)
        {
            ownEntries += (await store.TrailAsync(id, CancellationToken.None)).Count;
        }

        var counts = await store.TrailAsync("", CancellationToken.None);
        Assert.Equal(1, ownEntries);
        Assert.Equal(2, counts.Count);
        Assert.Contains(counts, e => e is { Peer: "IT/NCP", State: AuditState.Refusals, Reason: ReasonCode.Malformed, Attempt: Budget - 1 });
        Assert.Contains(counts, e => e is { Peer: "IT/NCP", State: AuditState.Refusals, Reason: ReasonCode.RateLimited, Attempt: 6 });
        var verification = await store.VerifyAuditAsync(CancellationToken.None);
        Assert.Null(verification.FirstBroken);
    }

    [Fact]
    public async Task Requests_refused_for_a_field_the_contract_does_not_define_spend_the_peer_s_refusal_budget()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Limits.PeerRefusalBudget = 3;
            o.Limits.RefusalWindowSeconds = 600;
        });
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");

        var reasons = new List<ReasonCode?>();
        for (var i = 0; i < 4; i++)
        {
            // DeliverRequest with a field 2 it does not define, hand-encoded after the envelope.
            var request = DeliverRequest.Parser.ParseFrom([.. new DeliverRequest { Envelope = Junk("IT/NCP").ToByteString() }.ToByteArray(), 0x10, 0x01]);
            reasons.Add((await RefusalAsync(async () => await client.DeliverAsync(request, deadline: Deadline()))).Reason);
        }

        Assert.Equal([ReasonCode.UnknownField, ReasonCode.UnknownField, ReasonCode.UnknownField, ReasonCode.RateLimited], reasons);
    }

    [Fact]
    public async Task Deliver_calls_beyond_the_peer_limit_are_refused_RATE_LIMITED_while_another_peer_is_served()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Limits.PeerConcurrentDeliveries = 2;
            o.Limits.PeerRefusalBudget = 1000;
            o.Limits.MinDataRateGraceSeconds = 120;
        });
        using var italy = new TestPeer(federation, "IT/NCP");
        using var greece = new TestPeer(federation, "GR/NCP");
        using var http = italy.Http(albania, "AL/NCP");
        var held = new List<HeldDelivery> { HeldDelivery.Start(http, albania.PeerAddress), HeldDelivery.Start(http, albania.PeerAddress) };

        // A held call that raced a probe for the last slot is refused at once: start another until two hold.
        var (third, error) = await UntilRateLimitedAsync(italy.Client(albania, "AL/NCP"), () =>
        {
            held.RemoveAll(h => h.IsAnswered);
            while (held.Count < 2)
            {
                held.Add(HeldDelivery.Start(http, albania.PeerAddress));
            }
        });
        var envelope = greece.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination, from: "GR/NCP"));
        var served = greece.VerifyReceipt(await TestPeer.DeliverAsync(greece.Client(albania, "AL/NCP"), envelope.ToByteString()), "AL/NCP", envelope);
        var released = await Task.WhenAll(held.Select(h => h.ReleaseAsync()));
        var (after, _) = await RefusalAsync(() => TestPeer.DeliverAsync(italy.Client(albania, "AL/NCP"), Junk("IT/NCP").ToByteString()));

        Assert.True(third == ReasonCode.RateLimited, $"{third}; held: {string.Join("; ", held.Select(h => h.State))}");
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(ReceiptOutcome.Accepted, served.Outcome);
        Assert.All(released, status => Assert.Equal(((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture), status));
        Assert.Equal(ReasonCode.Malformed, after);
    }

    [Fact]
    public async Task A_message_refused_RATE_LIMITED_by_a_busy_receiver_is_retried_and_delivered_once()
    {
        // The receiver is made busy for IT/NCP by spending IT/NCP's refusal budget with junk: every
        // call of that peer is then RATE_LIMITED until the window passes, the genuine message too.
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Limits.PeerRefusalBudget = 3;
            o.Limits.RefusalWindowSeconds = 10;
        });
        await using var italyGateway = await federation.StartAsync("IT/NCP", _data.File("it"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        await SendAsync(caseWorker, "AL/NCP", Purpose.ReturnCoordination, Example("return-plan")); // connections warm, the first attempt immediate
        var (busy, _) = await UntilRateLimitedAsync(italy.Client(albania, "AL/NCP"));
        Assert.Equal(ReasonCode.RateLimited, busy);

        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.ReturnCoordination, Example("return-plan"));
        var limited = await UntilTrailAsync(italyGateway.Store, submitted.MessageId, e => e.State == AuditState.RetryWait && e.Reason == ReasonCode.RateLimited);
        var status = await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered), seconds: 60);

        Assert.True(limited, "the sender never recorded a RATE_LIMITED retry: " + string.Join(", ", (await italyGateway.Store.TrailAsync(submitted.MessageId, CancellationToken.None)).Select(e => $"{e.State} {e.Reason}")));
        Assert.Equal(StateNames.Name(AuditState.Delivered), status.CurrentState);
        var received = await albania.Store.TrailAsync(submitted.MessageId, CancellationToken.None);
        Assert.Single(received, e => e.State == AuditState.Received);
        var inbox = await albania.Store.OfferAsync(new HashSet<MessageType> { MessageType.ReturnPlan }, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        Assert.Single(inbox, m => m.MessageId == submitted.MessageId);
    }

    /// <summary>
    /// An envelope as a peer that owns no key of the recipient makes it: a well-formed routing
    /// header from the TLS peer to us, and random bytes where the CMS should be.
    /// </summary>
    private static SealedEnvelope Junk(string sender)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new SealedEnvelope
        {
            Route = new RouteHeader
            {
                MessageId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ConversationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                Sender = sender,
                Recipient = "AL/NCP",
                MessageType = MessageType.ReturnPlan,
                SchemaVersion = Core.Contracts.SchemaInfo.SchemaVersion,
                CreatedAt = Timestamp.FromDateTimeOffset(now),
                ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(1)),
            },
            Sealed = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(512)),
        };
    }

    /// <summary>
    /// Junk deliveries until one is refused RATE_LIMITED: the held calls reach the gateway's limiter
    /// at a moment the client cannot see, so each try before that is judged (and refused) normally.
    /// </summary>
    private static async Task<(ReasonCode? Reason, RpcException Error)> UntilRateLimitedAsync(PeerExchange.PeerExchangeClient client, Action? beforeEachTry = null)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            beforeEachTry?.Invoke();
            var answer = await RefusalAsync(() => TestPeer.DeliverAsync(client, Junk("IT/NCP").ToByteString()));
            if (answer.Reason == ReasonCode.RateLimited || TimeProvider.System.GetUtcNow() > until)
            {
                return answer;
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task<bool> UntilTrailAsync(IMessageStore store, string messageId, Func<AuditEntry, bool> found)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (TimeProvider.System.GetUtcNow() < until)
        {
            if ((await store.TrailAsync(messageId, CancellationToken.None)).Any(found))
            {
                return true;
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(50));
        }

        return false;
    }
}
