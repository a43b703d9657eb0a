using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>
/// The inbound steps run in order and a refusal stops the later ones: before the envelope is
/// authenticated the answer is a refusal with its reason code and nothing is stored or audited;
/// after it, a signed REJECTED receipt carries the code and the rejection is audited. Concurrent
/// deliveries under one id commit once: the same bytes are answered the one receipt, other bytes
/// ID_CONFLICT.
/// </summary>
public sealed class InboundPipelineTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private static readonly ParticipantId Italy = ParticipantId.Parse("IT/NCP");
    private static readonly DeliverySettings Settings = new(64 * 1024, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly RecordingInbox _inbox = new();
    private readonly RecordingAudit _audit = new();

    [Fact]
    public async Task A_good_envelope_is_committed_and_answered_with_a_signed_accepted_receipt()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.Equal(InboundAnswerKind.Accepted, receipted.Kind);
        Assert.Equal(ReceiptOutcome.Accepted, Verify(receipted.SignedReceipt, envelope).Outcome);
        Assert.Equal(envelope.Route.MessageId, _inbox.Committed.Single().MessageId);
        Assert.Equal(1, _inbox.Lookups);
        Assert.Empty(_audit.Rejections);
    }

    [Fact]
    public async Task An_oversized_envelope_is_refused_too_large_before_any_other_step()
    {
        var answer = await Pipeline().DeliverAsync(Italy, new byte[Settings.MaxEnvelopeBytes + 1], CancellationToken.None);

        AssertRefusedBeforeAuthentication(answer, ReasonCode.TooLarge, lookups: 0);
    }

    [Fact]
    public async Task Bytes_that_are_not_an_envelope_are_refused_malformed_before_any_other_step()
    {
        var answer = await Pipeline().DeliverAsync(Italy, new byte[] { 0x0A, 0xFF }, CancellationToken.None);

        AssertRefusedBeforeAuthentication(answer, ReasonCode.Malformed, lookups: 0);
    }

    [Fact]
    public async Task A_route_from_another_peer_is_refused_signer_mismatch_before_the_inbox_is_asked()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());

        var answer = await Pipeline().DeliverAsync(ParticipantId.Parse("IT/POLICE"), envelope.ToByteArray(), CancellationToken.None);

        AssertRefusedBeforeAuthentication(answer, ReasonCode.SignerMismatch, lookups: 0);
    }

    [Fact]
    public async Task An_envelope_sealed_to_another_participant_is_refused_while_opening_and_nothing_is_committed()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow(), sealTo: "GR/NCP");

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var refused = AssertRefusedBeforeAuthentication(answer, ReasonCode.NotARecipient, lookups: 1);
        Assert.True(refused.WhileOpening);
        Assert.Equal(SHA256.HashData(envelope.Sealed.Span), refused.SealedSha256);
    }

    [Fact]
    public async Task An_authenticated_envelope_the_inbound_policy_refuses_gets_a_signed_rejected_receipt_and_an_audit_line()
    {
        var now = _time.GetUtcNow();
        var header = DeliveryParties.Header("IT/NCP", "AL/NCP", now);
        var envelope = EnvelopeSealer.Seal(header, Example("return-plan"), pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], now);

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.Equal(InboundAnswerKind.Rejected, receipted.Kind);
        Assert.Equal(ReasonCode.PolicyRefused, receipted.Rejection?.Reason);
        var receipt = Verify(receipted.SignedReceipt, envelope);
        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.PolicyRefused), (receipt.Outcome, receipt.Reason));
        Assert.Equal((envelope.Route.MessageId, ReasonCode.PolicyRefused), _audit.Rejections.Single());
        Assert.Empty(_inbox.Committed);
    }

    [Theory]
    [InlineData(6, 7 * 24 * 60, "created in the future beyond the allowed clock skew")]
    [InlineData(-120, -1, "the message expired before it arrived")]
    [InlineData(0, 15 * 24 * 60, "the message's lifetime exceeds what this gateway accepts")]
    public async Task An_authenticated_envelope_that_is_not_fresh_gets_a_signed_stale_receipt_and_nothing_is_committed(int createdMinutes, int expiresMinutes, string detail)
    {
        var now = _time.GetUtcNow();
        var header = DeliveryParties.Header("IT/NCP", "AL/NCP", now);
        header.Route.CreatedAt = Timestamp.FromDateTimeOffset(now.AddMinutes(createdMinutes));
        header.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddMinutes(expiresMinutes));
        var envelope = EnvelopeSealer.Seal(header, DeliveryParties.Payload(), pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], now);

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.Equal(InboundAnswerKind.Rejected, receipted.Kind);
        Assert.Equal((ReasonCode.Stale, detail), (receipted.Rejection?.Reason, receipted.Rejection?.Detail));
        var receipt = Verify(receipted.SignedReceipt, envelope);
        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.Stale), (receipt.Outcome, receipt.Reason));
        Assert.Equal((envelope.Route.MessageId, ReasonCode.Stale), _audit.Rejections.Single());
        Assert.Empty(_inbox.Committed);
    }

    [Fact]
    public async Task An_envelope_signed_beyond_the_clock_skew_in_the_future_is_refused_stale_while_opening_and_nothing_is_committed()
    {
        var signedAt = _time.GetUtcNow() + Settings.ClockSkew + TimeSpan.FromMinutes(1);
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", signedAt);

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var refused = AssertRefusedBeforeAuthentication(answer, ReasonCode.Stale, lookups: 1);
        Assert.True(refused.WhileOpening);
    }

    [Fact]
    public async Task The_same_envelope_delivered_twice_concurrently_is_committed_once_and_both_are_answered_the_same_signed_receipt()
    {
        var inbox = new RacingInbox(holdLookupsUntil: 2);
        var pipeline = Pipeline(inbox);
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());
        var encoded = envelope.ToByteArray();

        var answers = await Task.WhenAll(
            pipeline.DeliverAsync(Italy, encoded, CancellationToken.None),
            pipeline.DeliverAsync(Italy, encoded, CancellationToken.None));

        // Both passed the replay guard before either committed: the inbox's unique id decided.
        Assert.Equal(2, inbox.Lookups);
        var committed = Assert.Single(inbox.Committed);
        var receipted = answers.Select(a => Assert.IsType<InboundAnswer.Receipted>(a)).ToArray();
        Assert.Single(receipted, r => r.Kind == InboundAnswerKind.Accepted);
        Assert.Single(receipted, r => r.Kind == InboundAnswerKind.Raced);
        Assert.All(receipted, r => Assert.Equal(committed.SignedReceipt, r.SignedReceipt));
        Assert.Equal(ReceiptOutcome.Accepted, Verify(committed.SignedReceipt, envelope).Outcome);
        Assert.Empty(_audit.Rejections);
    }

    [Fact]
    public async Task Other_bytes_under_the_same_id_delivered_concurrently_are_committed_once_and_the_other_is_rejected_id_conflict()
    {
        var inbox = new RacingInbox(holdLookupsUntil: 2);
        var pipeline = Pipeline(inbox);
        var now = _time.GetUtcNow();
        var header = DeliveryParties.Header("IT/NCP", "AL/NCP", now);
        var envelopes = new[]
        {
            EnvelopeSealer.Seal(header, DeliveryParties.Payload(), pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], now),
            EnvelopeSealer.Seal(header, DeliveryParties.Payload(), pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], now),
        };
        Assert.NotEqual(envelopes[0].Sealed, envelopes[1].Sealed);

        var answers = await Task.WhenAll(envelopes.Select(e => pipeline.DeliverAsync(Italy, e.ToByteArray(), CancellationToken.None)));

        Assert.Equal(2, inbox.Lookups);
        var committed = Assert.Single(inbox.Committed);
        var winner = Array.FindIndex(envelopes, e => SHA256.HashData(e.Sealed.Span).AsSpan().SequenceEqual(committed.SealedSha256));
        Assert.InRange(winner, 0, 1);
        var (accepted, conflicting) = (Assert.IsType<InboundAnswer.Receipted>(answers[winner]), Assert.IsType<InboundAnswer.Receipted>(answers[1 - winner]));
        Assert.Equal(InboundAnswerKind.Accepted, accepted.Kind);
        Assert.Equal(committed.SignedReceipt, accepted.SignedReceipt);
        Assert.Equal(ReceiptOutcome.Accepted, Verify(accepted.SignedReceipt, envelopes[winner]).Outcome);
        Assert.Equal((InboundAnswerKind.Raced, ReasonCode.IdConflict), (conflicting.Kind, conflicting.Rejection?.Reason));
        var receipt = Verify(conflicting.SignedReceipt, envelopes[1 - winner]);
        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.IdConflict), (receipt.Outcome, receipt.Reason));
        Assert.Equal((header.Route.MessageId, ReasonCode.IdConflict), _audit.Rejections.Single());
    }

    private InboundAnswer.Refused AssertRefusedBeforeAuthentication(InboundAnswer answer, ReasonCode reason, int lookups)
    {
        var refused = Assert.IsType<InboundAnswer.Refused>(answer);
        Assert.Equal(reason, refused.Refusal.Reason);
        Assert.Equal(lookups, _inbox.Lookups);
        Assert.Empty(_inbox.Committed);
        Assert.Empty(_audit.Rejections);
        return refused;
    }

    private Receipt Verify(byte[] signed, SealedEnvelope envelope)
    {
        var verified = new ReceiptVerifier(Italy, new AnchoredSignerValidator(pki.Anchors, [], []))
            .Verify(signed, Albania, envelope.Route.MessageId, SHA256.HashData(envelope.Sealed.Span), _time.GetUtcNow());
        Assert.True(verified.IsAccepted, verified.Refusal?.Detail);
        return verified.Value;
    }

    private InboundPipeline Pipeline(IInboxStore? inbox = null)
    {
        inbox ??= _inbox;
        var keys = new FixedKeyRings(pki["AL/NCP"].Signing, pki["AL/NCP"].Decryption);
        return new InboundPipeline(
            new EnvelopeParse(Settings),
            new RouteCheck(Albania, DeliveryTrust.Manager(_time)),
            new Deduplicate(inbox),
            new EnvelopeOpen(new EnvelopeOpener(Albania, pki["AL/NCP"].Decryption, new AnchoredSignerValidator(pki.Anchors, [], []), _time, Settings.ClockSkew, Settings.MaxEnvelopeBytes)),
            new Freshness(Settings),
            new InboundPolicyCheck(Albania, new PolicyInForce(Default)),
            new InboxCommit(inbox, new OpenedInbox(_time)),
            new ReceiptIssuer(Albania, keys),
            _audit,
            _time);
    }

    /// <summary>An inbox that knows no earlier delivery and commits every message, counting its use.</summary>
    private sealed class RecordingInbox : IInboxStore
    {
        public int Lookups { get; private set; }

        public List<InboundMessage> Committed { get; } = [];

        public Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken)
        {
            Lookups++;
            return Task.FromResult<InboundRecord?>(null);
        }

        public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            Committed.Add(message);
            return Task.FromResult(new InboundCommit(true, null, message.SignedReceipt));
        }

        public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>
    /// An inbox that keeps one message per (sender, id), as the store's unique key does: a commit
    /// under a taken id stores nothing and returns what is stored. Each lookup answers what was
    /// stored when it looked, but only once <paramref name="holdLookupsUntil"/> lookups have arrived,
    /// so concurrent deliveries all pass the replay guard before any of them commits: the race only
    /// the store can decide.
    /// </summary>
    private sealed class RacingInbox(int holdLookupsUntil) : IInboxStore
    {
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _lookupsArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public List<InboundMessage> Committed { get; } = [];

        public async Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken)
        {
            InboundRecord? found;
            lock (_lock)
            {
                found = Stored(sender, messageId) is { } stored ? Record(stored) : null;
            }

            if (Interlocked.Increment(ref _lookups) >= holdLookupsUntil)
            {
                _lookupsArrived.TrySetResult();
            }

            await _lookupsArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, cancellationToken);
            return found;
        }

        public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (Stored(message.Sender, message.MessageId) is { } first)
                {
                    return Task.FromResult(new InboundCommit(false, Record(first)));
                }

                Committed.Add(message);
                return Task.FromResult(new InboundCommit(true, null, message.SignedReceipt));
            }
        }

        public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();

        private static InboundRecord Record(InboundMessage message) => new(
            message.Sender, message.MessageId, message.MessageType, InboxState.Received, message.SealedSha256, message.SignedReceipt, message.ReceivedAt, null, message.RouteSha256);

        private InboundMessage? Stored(string sender, string messageId) => Committed.Find(m => m.Sender == sender && m.MessageId == messageId);
    }

    /// <summary>Records inbound rejections.</summary>
    private sealed class RecordingAudit : IAuditTrail
    {
        public List<(string MessageId, ReasonCode Reason)> Rejections { get; } = [];

        public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken)
        {
            lock (Rejections)
            {
                Rejections.Add((messageId, reason));
            }

            return Task.CompletedTask;
        }

        public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
