using System.Diagnostics.Metrics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Tests.Trust;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Delivery.Outbound;

/// <summary>
/// The outbound pipeline's order: each refusal is returned with its reason code by the step that
/// owns it, before any later step runs, and a retried submission is answered without sealing again.
/// </summary>
public sealed class OutboundPipelineTests : IDisposable
{
    private const string LegalBasis = "AL-IT/2019/TRM-MoU art. 6";
    private static readonly ParticipantId Self = ParticipantId.Parse("IT/NCP");
    private static readonly HashSet<MessageType> ReturnPlans = [MessageType.ReturnPlan];
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _operator = TrustListFactory.NewOperator();
    private readonly TrustListManager _trust;
    private readonly Meters _meters = new();
    private readonly RecordingOutbox _outbox = new();
    private readonly OutboundPipeline _pipeline;

    public OutboundPipelineTests()
    {
        _trust = new TrustListManager(_operator, new MemoryTrustStateStore(), _time, TimeSpan.FromHours(24), NullLogger.Instance);
        var policy = new PolicyInForce(PolicyLoader.LoadDefault());
        var metrics = new GatewayMetrics(_meters);
        var recipients = new RecipientCertificates(new PeerCertificateValidator(_trust.RequireUsable, _time));
        _pipeline = new OutboundPipeline(
            new SubmitAuthorization(Self, new HashSet<string> { LegalBasis }),
            new SendRoute(Self, _trust),
            new Minimize(Self, policy, new DerivedPseudonymKeySource(new byte[32], "test"), metrics),
            new Seal(Self, new FixedKeyRings(null), recipients, new Core.Delivery.DeliverySettings(1 << 20, TimeSpan.FromMinutes(5), TimeSpan.FromDays(30)), TimeSpan.FromDays(7), _time),
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

    private OutboundRecord Record(string messageId, string recipient, MessageType type) => new(
        messageId, DeliveryParties.NewId(), recipient, type, "case-worker", OutboxState.Queued, ReasonCode.Unspecified, 0, new byte[32],
        _time.GetUtcNow(), _time.GetUtcNow().AddDays(7), null, null, null);

    /// <summary>The outbox seam: records what was looked up and queued; answers a prior submission when one is set.</summary>
    private sealed class RecordingOutbox : IOutbox, IOutboxStore
    {
        public OutboundRecord? Prior { get; set; }

        public int Lookups { get; private set; }

        public (string SubmittedBy, string Key)? LastLookup { get; private set; }

        public List<OutboundMessage> Queued { get; } = [];

        public Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            Queued.Add(message);
            return Task.CompletedTask;
        }

        public Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken)
        {
            Lookups++;
            LastLookup = (submittedBy, submissionKey);
            return Task.FromResult(Prior);
        }

        public Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken) =>
            Task.FromResult(Prior?.MessageId == messageId ? Prior : null);

        public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
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
