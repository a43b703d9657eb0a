using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>
/// The inbound steps run in order and a refusal stops the later ones: before the envelope is
/// authenticated the answer is a refusal with its reason code and nothing is stored or audited;
/// after it, a signed REJECTED receipt carries the code and the rejection is audited.
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

    private InboundPipeline Pipeline()
    {
        var keys = new FixedKeyRings(pki["AL/NCP"].Signing, pki["AL/NCP"].Decryption);
        return new InboundPipeline(
            new EnvelopeParse(Settings),
            new RouteCheck(Albania, DeliveryTrust.Manager(_time)),
            new Deduplicate(_inbox),
            new EnvelopeOpen(new EnvelopeOpener(Albania, pki["AL/NCP"].Decryption, new AnchoredSignerValidator(pki.Anchors, [], []), _time, Settings.ClockSkew, Settings.MaxEnvelopeBytes)),
            new Freshness(Settings),
            new InboundPolicyCheck(Albania, new PolicyInForce(Default)),
            new InboxCommit(_inbox, new OpenedInbox(_time)),
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
            return Task.FromResult(new InboundCommit(true, null));
        }

        public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Records inbound rejections.</summary>
    private sealed class RecordingAudit : IAuditTrail
    {
        public List<(string MessageId, ReasonCode Reason)> Rejections { get; } = [];

        public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Rejections.Add((messageId, reason));
            return Task.CompletedTask;
        }

        public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
