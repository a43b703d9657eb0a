using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Exchange;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Delivery.Outbound;

/// <summary>
/// One delivery attempt decides DELIVERED, REJECTED or RETRY from what the peer answered, with the
/// reason code recorded, and records it only while it holds the message's lease.
/// </summary>
public sealed class DeliveryAttemptTests(BindingPki pki) : IClassFixture<BindingPki>, IDisposable
{
    private const int Seed = 7;
    private static readonly RetrySchedule Retries = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly FakePeer _peer = new();
    private readonly RecordingOutbox _outbox = new();
    private readonly MeterFactory _meters = new();
    private readonly byte[] _envelope = RandomNumberGenerator.GetBytes(200);
    private readonly string _id = DeliveryParties.NewId();

    [Fact]
    public async Task A_verified_accepted_receipt_is_recorded_delivered()
    {
        var signed = Sign("AL/NCP", Receipt(ReceiptOutcome.Accepted));
        _peer.Answer = signed;

        var outcome = await Attempt().RunAsync(Message(), CancellationToken.None);

        var delivered = Assert.IsType<AttemptOutcome.Delivered>(outcome);
        Assert.Equal(signed, delivered.SignedReceipt);
        Assert.Same(outcome, _outbox.Completed.Single().Outcome);
        Assert.Equal((_id, 1), (_outbox.Completed.Single().MessageId, _outbox.Completed.Single().Attempt));
        Assert.Equal(_envelope, _peer.Sent.Single());
    }

    [Fact]
    public async Task A_verified_rejected_receipt_is_recorded_rejected_with_its_code()
    {
        var receipt = Receipt(ReceiptOutcome.Rejected);
        receipt.Reason = ReasonCode.PolicyRefused;
        _peer.Answer = Sign("AL/NCP", receipt);

        var outcome = await Attempt().RunAsync(Message(), CancellationToken.None);

        var rejected = Assert.IsType<AttemptOutcome.Rejected>(outcome);
        Assert.Equal(ReasonCode.PolicyRefused, rejected.Reason);
        Assert.NotNull(rejected.SignedReceipt);
        Assert.Same(outcome, _outbox.Completed.Single().Outcome);
    }

    [Fact]
    public async Task A_receipt_about_other_bytes_is_retried_with_header_mismatch()
    {
        var receipt = Receipt(ReceiptOutcome.Accepted);
        receipt.SealedSha256 = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));
        _peer.Answer = Sign("AL/NCP", receipt);

        await AssertRetried(ReasonCode.HeaderMismatch);
    }

    [Fact]
    public async Task A_receipt_signed_by_another_participant_is_retried_with_signer_mismatch()
    {
        _peer.Answer = Sign("GR/NCP", Receipt(ReceiptOutcome.Accepted));

        await AssertRetried(ReasonCode.SignerMismatch);
    }

    [Fact]
    public async Task A_receipt_with_trailing_bytes_is_retried_malformed()
    {
        _peer.Answer = (byte[])[.. Sign("AL/NCP", Receipt(ReceiptOutcome.Accepted)), 0x00];

        await AssertRetried(ReasonCode.Malformed);
    }

    [Theory]
    [InlineData(ReasonCode.Unavailable)]
    [InlineData(ReasonCode.RateLimited)]
    [InlineData(ReasonCode.TrustListStale)]
    [InlineData(ReasonCode.RevocationUnknown)]
    public async Task A_transient_refusal_is_retried_after_the_seeded_wait(ReasonCode reason)
    {
        _peer.Answer = new Refusal(reason, "peer refused");

        await AssertRetried(reason);
    }

    [Theory]
    [InlineData(ReasonCode.NotAuthorized)]
    [InlineData(ReasonCode.TooLarge)]
    [InlineData(ReasonCode.Malformed)]
    public async Task A_permanent_refusal_is_recorded_rejected_without_a_receipt(ReasonCode reason)
    {
        _peer.Answer = new Refusal(reason, "peer refused");

        var outcome = await Attempt().RunAsync(Message(), CancellationToken.None);

        var rejected = Assert.IsType<AttemptOutcome.Rejected>(outcome);
        Assert.Equal(reason, rejected.Reason);
        Assert.Null(rejected.SignedReceipt);
        Assert.Same(outcome, _outbox.Completed.Single().Outcome);
    }

    [Fact]
    public async Task A_recipient_missing_from_the_trust_list_is_rejected_not_authorized_without_a_call()
    {
        var outcome = await Attempt().RunAsync(Message("GR/NCP"), CancellationToken.None);

        Assert.Equal(ReasonCode.NotAuthorized, Assert.IsType<AttemptOutcome.Rejected>(outcome).Reason);
        Assert.Empty(_peer.Sent);
        Assert.Same(outcome, _outbox.Completed.Single().Outcome);
    }

    [Fact]
    public async Task Without_a_usable_trust_list_the_attempt_is_retried_trust_list_stale_without_a_call()
    {
        var attempt = Attempt(DeliveryTrust.Empty(_time));

        var outcome = await attempt.RunAsync(Message(), CancellationToken.None);

        Assert.Equal(ReasonCode.TrustListStale, Assert.IsType<AttemptOutcome.Retry>(outcome).Reason);
        Assert.Empty(_peer.Sent);
    }

    [Fact]
    public async Task A_peer_client_that_throws_is_retried_unavailable()
    {
        _peer.Throw = new InvalidOperationException("socket closed");

        await AssertRetried(ReasonCode.Unavailable);
    }

    [Fact]
    public async Task A_fenced_completion_counts_no_finished_message()
    {
        _peer.Answer = Sign("AL/NCP", Receipt(ReceiptOutcome.Accepted));
        _outbox.Holds = false;
        using var finished = new FinishedCounter(_meters);

        var outcome = await Attempt().RunAsync(Message(), CancellationToken.None);

        Assert.IsType<AttemptOutcome.Delivered>(outcome);
        Assert.Single(_outbox.Completed);
        Assert.Equal(0, finished.Count);
    }

    [Fact]
    public async Task A_completion_that_holds_the_lease_counts_the_finished_message()
    {
        _peer.Answer = Sign("AL/NCP", Receipt(ReceiptOutcome.Accepted));
        using var finished = new FinishedCounter(_meters);

        await Attempt().RunAsync(Message(), CancellationToken.None);

        Assert.Equal(1, finished.Count);
    }

    [Fact]
    public async Task A_stopped_attempt_answers_null_and_records_nothing()
    {
        _peer.WaitForStop = true;
        using var stopping = new CancellationTokenSource();
        var run = Attempt().RunAsync(Message(), stopping.Token);
        await stopping.CancelAsync();

        Assert.Null(await run);
        Assert.Empty(_outbox.Completed);
        Assert.Single(_peer.Sent);
    }

    public void Dispose() => _meters.Dispose();

    private async Task AssertRetried(ReasonCode reason)
    {
        var outcome = await Attempt().RunAsync(Message(attempts: 3), CancellationToken.None);

        var retry = Assert.IsType<AttemptOutcome.Retry>(outcome);
        Assert.Equal(reason, retry.Reason);
        Assert.Equal(_time.GetUtcNow(), retry.At);
        Assert.Equal(Retries.After(3, new Random(Seed).NextDouble()), retry.NextAttemptAt - retry.At);
        Assert.InRange(retry.NextAttemptAt - retry.At, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40));
        Assert.Same(outcome, _outbox.Completed.Single().Outcome);
    }

    private DeliveryAttempt Attempt(TrustListManager? trust = null) => new(
        ParticipantId.Parse("IT/NCP"),
        trust ?? DeliveryTrust.Manager(_time),
        _peer,
        new ReceiptVerifier(ParticipantId.Parse("IT/NCP"), new AnchoredSignerValidator(pki.Anchors, [], [])),
        new DeliverySchedule(TimeSpan.FromSeconds(5), Retries, new Random(Seed)),
        _outbox,
        new GatewayMetrics(_meters),
        _time,
        NullLogger.Instance);

    private OutboundMessage Message(string recipient = "AL/NCP", int attempts = 1) => new(
        _id, DeliveryParties.NewId(), recipient, MessageType.ReturnPlan, "caseworker", _envelope, SHA256.HashData(_envelope),
        _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), attempts, null);

    private Receipt Receipt(ReceiptOutcome outcome) => new()
    {
        MessageId = _id,
        Sender = "IT/NCP",
        Recipient = "AL/NCP",
        SealedSha256 = ByteString.CopyFrom(SHA256.HashData(_envelope)),
        Outcome = outcome,
        IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
    };

    private byte[] Sign(string signer, Receipt receipt) => ReceiptCodec.Sign(receipt, pki[signer].Signing, _time.GetUtcNow());

    /// <summary>Answers what the test set, remembering the bytes sent.</summary>
    private sealed class FakePeer : IPeerClient
    {
        public Outcome<byte[]> Answer { get; set; } = new Refusal(ReasonCode.Unavailable, "no answer set");

        public Exception? Throw { get; set; }

        public bool WaitForStop { get; set; }

        public List<byte[]> Sent { get; } = [];

        public async Task<Outcome<byte[]>> DeliverAsync(ParticipantId recipient, IReadOnlyList<Uri> endpoints, ReadOnlyMemory<byte> envelope, string? traceParent, TimeSpan timeout, CancellationToken stopping)
        {
            Sent.Add(envelope.ToArray());
            if (WaitForStop)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stopping);
            }

            return Throw is null ? Answer : throw Throw;
        }
    }

    /// <summary>Records completed attempts; answers whether the attempt still held its lease.</summary>
    private sealed class RecordingOutbox : IOutboxStore
    {
        public bool Holds { get; set; } = true;

        public List<(string MessageId, int Attempt, AttemptOutcome Outcome)> Completed { get; } = [];

        public Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken)
        {
            Completed.Add((messageId, attempt, outcome));
            return Task.FromResult(Holds);
        }

        public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OutboxBacklog> OutboxBacklogAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<NoticeRecord>> NoticesSentAboutAsync(string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Meters of this test only.</summary>
    private sealed class MeterFactory : IMeterFactory
    {
        private readonly List<Meter> _created = [];

        public IReadOnlyList<Meter> Created => _created;

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _created)
            {
                meter.Dispose();
            }
        }
    }

    /// <summary>Counts messages counted as finished on this test's meters.</summary>
    private sealed class FinishedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();

        public FinishedCounter(MeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (meters.Created.Contains(instrument.Meter) && instrument.Name == "crossborder.messages")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Count += (int)value);
            _listener.Start();
        }

        public int Count { get; private set; }

        public void Dispose() => _listener.Dispose();
    }
}
