using System.Diagnostics.Metrics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Tests.Trust;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Delivery.Outbound;

/// <summary>
/// The outbound pipeline's order: each refusal is returned with its reason code by the step that
/// owns it, before any later step runs, and a retried submission is answered without sealing again.
/// A failed enqueue leaves nothing to replay, and concurrent retries of one submission queue one message.
/// </summary>
public sealed class OutboundPipelineTests : IClassFixture<BindingPki>, IDisposable
{
    private const string LegalBasis = "AL-IT/2019/TRM-MoU art. 6";
    private static readonly ParticipantId Self = ParticipantId.Parse("IT/NCP");
    private static readonly HashSet<MessageType> ReturnPlans = [MessageType.ReturnPlan];
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _operator = TrustListFactory.NewOperator();
    private readonly TrustListManager _trust;
    private readonly Meters _meters = new();
    private readonly RecordingOutbox _outbox = new();
    private readonly BindingPki _pki;
    private readonly OutboundPipeline _pipeline;

    public OutboundPipelineTests(BindingPki pki)
    {
        _pki = pki;
        _trust = new TrustListManager(_operator, new MemoryTrustStateStore(), _time, TimeSpan.FromHours(24), NullLogger.Instance);
        var policy = new PolicyInForce(PolicyLoader.LoadDefault());
        var metrics = new GatewayMetrics(_meters);
        var recipients = new RecipientCertificates(new PeerCertificateValidator(_trust.RequireUsable, _time));
        _pipeline = new OutboundPipeline(
            new SubmitAuthorization(Self, new HashSet<string> { LegalBasis }),
            new SendRoute(Self, _trust),
            new Minimize(Self, policy, new DerivedPseudonymKeySource(new byte[32], "test"), metrics),
            new Seal(Self, new FixedKeyRings(pki["IT/NCP"].Signing), recipients, new Core.Delivery.DeliverySettings(1 << 20, TimeSpan.FromMinutes(5), TimeSpan.FromDays(30)), TimeSpan.FromDays(7), _time),
            policy, _outbox, _outbox, metrics, _time, NullLogger<OutboundPipeline>.Instance);
    }

    [Fact]
    public async Task A_type_the_role_may_not_submit_is_refused_not_authorized_before_anything_else()
    {
        var answer = await _pipeline.SubmitAsync(Request(r => r.SubmissionKey = "key-1"), "case-worker", new HashSet<MessageType>(), CancellationToken.None);

        Assert.Equal(ReasonCode.NotAuthorized, answer.Outcome.Refusal?.Reason);
        Assert.Null(answer.Report);
        Assert.Equal(0, _outbox.Lookups);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_submission_to_this_participant_itself_is_refused_not_authorized()
    {
        var answer = await _pipeline.SubmitAsync(Request(r => r.Recipient = "IT/NCP"), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.NotAuthorized, answer.Outcome.Refusal?.Reason);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task Without_a_trust_list_in_force_the_route_is_refused_and_nothing_is_queued()
    {
        var answer = await _pipeline.SubmitAsync(Request(), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.TrustListStale, answer.Outcome.Refusal?.Reason);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_recipient_the_trust_list_does_not_know_is_refused_not_authorized_by_the_exchange_rules()
    {
        _trust.Offer(TrustListFactory.Sign(_operator, 1, _time.GetUtcNow(), TimeSpan.FromDays(30)));

        var answer = await _pipeline.SubmitAsync(Request(), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.NotAuthorized, answer.Outcome.Refusal?.Reason);
        Assert.Contains("not in the trust list", answer.Outcome.Refusal!.Detail, StringComparison.Ordinal);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_policy_refusal_carries_its_reason_code_and_the_decision_report_and_nothing_is_sealed()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time));

        var answer = await _pipeline.SubmitAsync(Request(r => r.Payload = Policy.ChildSafeguardTests.ChildPlan("{}")), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.PolicyRefused, answer.Outcome.Refusal?.Reason);
        Assert.Contains("POLICY_CHILD_SAFEGUARDS_MISSING", answer.Outcome.Refusal!.Detail, StringComparison.Ordinal);
        Assert.NotNull(answer.Report);
        Assert.Contains(answer.Report.Decisions, d => d.Action == DecisionActions.Refused && d.DetailCode == "POLICY_CHILD_SAFEGUARDS_MISSING");
        Assert.Empty(answer.Report.MessageId);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_message_the_policy_allows_but_no_valid_encryption_certificate_can_seal_is_refused_and_not_queued()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time));

        var answer = await _pipeline.SubmitAsync(Request(r => r.Payload = Policy.PolicyKit.Example("return-plan")), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.Untrusted, answer.Outcome.Refusal?.Reason);
        Assert.Null(answer.Report);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_replayed_submission_key_is_answered_the_first_message_id_without_sealing_again()
    {
        var first = DeliveryParties.NewId();
        _outbox.Prior = Record(first, "AL/NCP", MessageType.ReturnPlan);

        var answer = await _pipeline.SubmitAsync(Request(r => r.SubmissionKey = "key-1"), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.True(answer.Outcome.IsAccepted);
        Assert.Equal(first, answer.Outcome.Value.MessageId);
        Assert.Equal(("case-worker", "key-1"), _outbox.LastLookup);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_submission_key_used_for_another_message_is_refused_id_conflict()
    {
        _outbox.Prior = Record(DeliveryParties.NewId(), "GR/NCP", MessageType.ReturnPlan);

        var answer = await _pipeline.SubmitAsync(Request(r => r.SubmissionKey = "key-1"), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.IdConflict, answer.Outcome.Refusal?.Reason);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task A_message_the_policy_allows_and_the_trust_list_can_seal_is_queued_once_and_answered_its_ids()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time, _pki));

        var answer = await _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.True(answer.Outcome.IsAccepted, answer.Outcome.Refusal?.Detail);
        var queued = Assert.Single(_outbox.Queued);
        Assert.Equal((queued.MessageId, queued.ConversationId), (answer.Outcome.Value.MessageId, answer.Outcome.Value.ConversationId));
        Assert.Equal(("AL/NCP", MessageType.ReturnPlan, "case-worker", "key-1"), (queued.Recipient, queued.MessageType, queued.SubmittedBy, queued.SubmissionKey));
    }

    [Fact]
    public async Task A_store_failure_while_queuing_unwinds_to_the_edge_and_leaves_no_submission_to_replay()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time, _pki));
        var failure = new IOException("disk I/O error");
        _outbox.Failure = failure;

        // The pipeline does not answer ids of a message that was never queued: the store's failure
        // unwinds untouched to the gRPC edge, whose error interceptor answers UNAVAILABLE.
        var thrown = await Assert.ThrowsAsync<IOException>(() => _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", ReturnPlans, CancellationToken.None));
        Assert.Same(failure, thrown);
        Assert.Empty(_outbox.Queued);

        // The client retries under the same key once the store is back: nothing of the failed
        // attempt answers it, the message is sealed anew and queued once.
        _outbox.Failure = null;
        var retried = await _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.True(retried.Outcome.IsAccepted, retried.Outcome.Refusal?.Detail);
        Assert.Equal(Assert.Single(_outbox.Queued).MessageId, retried.Outcome.Value.MessageId);
        Assert.Equal(2, _outbox.Lookups);
    }

    [Fact]
    public async Task A_duplicate_submission_whose_first_message_cannot_be_read_is_refused_unavailable_and_nothing_is_queued()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time, _pki));
        _outbox.Failure = new DuplicateSubmissionException(DeliveryParties.NewId());

        var answer = await _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", ReturnPlans, CancellationToken.None);

        Assert.Equal(ReasonCode.Unavailable, answer.Outcome.Refusal?.Reason);
        Assert.Equal("temporary failure, try again", answer.Outcome.Refusal!.Detail);
        Assert.Null(answer.Report);
        Assert.Empty(_outbox.Queued);
    }

    [Fact]
    public async Task Two_concurrent_submits_of_one_submission_queue_one_message_and_both_are_answered_its_ids()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time, _pki));
        _outbox.HoldLookupsUntil = 2;

        var answers = await Task.WhenAll(
            _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", ReturnPlans, CancellationToken.None),
            _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", ReturnPlans, CancellationToken.None));

        // Both passed the lookup before either queued: the store's unique submission key decided.
        Assert.Equal(2, _outbox.Lookups);
        var queued = Assert.Single(_outbox.Queued);
        Assert.Equal(1, _outbox.DuplicatesRefused);
        Assert.All(answers, answer =>
        {
            Assert.True(answer.Outcome.IsAccepted, answer.Outcome.Refusal?.Detail);
            Assert.Equal((queued.MessageId, queued.ConversationId), (answer.Outcome.Value.MessageId, answer.Outcome.Value.ConversationId));
        });
    }

    [Fact]
    public async Task Two_concurrent_submits_under_one_key_for_different_message_types_queue_one_and_refuse_the_other_id_conflict()
    {
        _trust.Offer(DeliveryTrust.SignedList(_operator, _time, _pki));
        _outbox.HoldLookupsUntil = 2;
        var types = new HashSet<MessageType> { MessageType.ReturnPlan, MessageType.CorrectionOrWithdrawalNotice };
        var correction = SealableRequest("key-1");
        correction.Purpose = Purpose.DataSubjectRights;
        correction.Payload = Policy.PolicyKit.Example("correction-or-withdrawal-notice");

        var answers = await Task.WhenAll(
            _pipeline.SubmitAsync(SealableRequest("key-1"), "case-worker", types, CancellationToken.None),
            _pipeline.SubmitAsync(correction, "case-worker", types, CancellationToken.None));

        Assert.Equal(2, _outbox.Lookups);
        var queued = Assert.Single(_outbox.Queued);
        Assert.Equal(1, _outbox.DuplicatesRefused);
        var (first, second) = queued.MessageType == MessageType.ReturnPlan ? (answers[0], answers[1]) : (answers[1], answers[0]);
        Assert.True(first.Outcome.IsAccepted, first.Outcome.Refusal?.Detail);
        Assert.Equal(queued.MessageId, first.Outcome.Value.MessageId);
        Assert.Equal(ReasonCode.IdConflict, second.Outcome.Refusal?.Reason);
        Assert.Null(second.Report);
    }

    public void Dispose()
    {
        _operator.Dispose();
        _meters.Dispose();
    }

    private static SubmitRequest Request(Action<SubmitRequest>? change = null)
    {
        var request = new SubmitRequest
        {
            Recipient = "AL/NCP",
            Purpose = Purpose.ReturnCoordination,
            LegalBasis = LegalBasis,
            Payload = DeliveryParties.Payload(),
        };
        change?.Invoke(request);
        return request;
    }

    /// <summary>A return plan the default policy allows, under <paramref name="submissionKey"/>.</summary>
    private static SubmitRequest SealableRequest(string submissionKey) => Request(r =>
    {
        r.Payload = Policy.PolicyKit.Example("return-plan");
        r.SubmissionKey = submissionKey;
    });

    private OutboundRecord Record(string messageId, string recipient, MessageType type) => new(
        messageId, DeliveryParties.NewId(), recipient, type, "case-worker", OutboxState.Queued, ReasonCode.Unspecified, 0, new byte[32],
        _time.GetUtcNow(), _time.GetUtcNow().AddDays(7), null, null, null);

    private static OutboundRecord Record(OutboundMessage message) => new(
        message.MessageId, message.ConversationId, message.Recipient, message.MessageType, message.SubmittedBy, OutboxState.Queued, ReasonCode.Unspecified, 0,
        message.SealedSha256, message.CreatedAt, message.ExpiresAt, null, null, message.TraceParent);

    /// <summary>
    /// The outbox seam, as the store behaves: a message and its submission key are queued together
    /// or not at all, and a second message under a (role, key) already queued is refused with
    /// <see cref="DuplicateSubmissionException"/>. Records what was looked up and queued; answers a
    /// prior submission when one is set.
    /// </summary>
    private sealed class RecordingOutbox : IOutbox, IOutboxStore
    {
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _lookupsArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _lookups;
        private int _duplicates;

        public OutboundRecord? Prior { get; set; }

        /// <summary>
        /// When above zero, every submission lookup answers what was queued when it looked, but only
        /// once this many lookups have arrived: concurrent submits all pass the lookup before any of
        /// them queues, the race only the store can decide.
        /// </summary>
        public int HoldLookupsUntil { get; set; }

        /// <summary>When set, queuing fails with it and stores nothing, as an unavailable store does.</summary>
        public Exception? Failure { get; set; }

        public int Lookups => Volatile.Read(ref _lookups);

        public int DuplicatesRefused => Volatile.Read(ref _duplicates);

        public (string SubmittedBy, string Key)? LastLookup { get; private set; }

        public List<OutboundMessage> Queued { get; } = [];

        public Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            if (Failure is { } failure)
            {
                return Task.FromException(failure);
            }

            lock (_lock)
            {
                if (QueuedUnder(message.SubmittedBy, message.SubmissionKey) is { } first)
                {
                    Interlocked.Increment(ref _duplicates);
                    return Task.FromException(new DuplicateSubmissionException(first.MessageId));
                }

                Queued.Add(message);
                return Task.CompletedTask;
            }
        }

        public async Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken)
        {
            OutboundRecord? found;
            lock (_lock)
            {
                LastLookup = (submittedBy, submissionKey);
                found = Prior ?? (QueuedUnder(submittedBy, submissionKey) is { } queued ? Record(queued) : null);
            }

            if (Interlocked.Increment(ref _lookups) >= HoldLookupsUntil)
            {
                _lookupsArrived.TrySetResult();
            }

            await _lookupsArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, cancellationToken);
            return found;
        }

        public Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return Task.FromResult(Prior?.MessageId == messageId ? Prior : Queued.Find(m => m.MessageId == messageId) is { } queued ? Record(queued) : null);
            }
        }

        private OutboundMessage? QueuedUnder(string submittedBy, string? submissionKey) =>
            submissionKey is null ? null : Queued.Find(m => m.SubmittedBy == submittedBy && m.SubmissionKey == submissionKey);

        public List<OutboundNotice> Notices { get; } = [];

        public Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                Notices.Add(notice);
            }

            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        public Task<IReadOnlyList<NoticeRecord>> NoticesSentAboutAsync(string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OutboxBacklog> OutboxBacklogAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class Meters : IMeterFactory
    {
        private readonly List<Meter> _created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _created.Add(meter);
            return meter;
        }

        public void Dispose() => _created.ForEach(m => m.Dispose());
    }
}
