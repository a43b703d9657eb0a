using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
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

namespace CrossBorder.Core.Tests.Delivery.Notices;

/// <summary>
/// A notice's way in from the bytes a trusted but careless or hostile peer seals: a notice without
/// its form gets a signed REJECTED receipt with INVALID_FORMAT and nothing is committed; a notice
/// carrying bytes the contract does not define is refused as any message is; a good notice is
/// committed through the notice commit and its ACCEPTED receipt lists each reference's result, in order.
/// </summary>
public sealed class NoticePipelineTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private static readonly ParticipantId Italy = ParticipantId.Parse("IT/NCP");
    private static readonly DeliverySettings Settings = new(256 * 1024, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly NoticeInbox _inbox = new();
    private readonly RejectionAudit _audit = new();

    public static TheoryData<string, int, int, bool> Malformed => new()
    {
        // case, kind, references, corrected_by
        { "101 references", (int)NoticeKind.ConsentWithdrawal, 101, false },
        { "kind unspecified", (int)NoticeKind.Unspecified, 1, false },
        { "no reference", (int)NoticeKind.Erasure, 0, false },
        { "corrected_by on a withdrawal", (int)NoticeKind.ConsentWithdrawal, 1, true },
        { "corrected_by on an erasure", (int)NoticeKind.Erasure, 2, true },
        { "corrected_by on a wrong transfer", (int)NoticeKind.WrongTransfer, 1, true },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_notice_without_its_form_gets_a_verified_rejected_receipt_invalid_format_and_nothing_is_committed(string name, int kind, int references, bool correctedBy)
    {
        var notice = new CorrectionOrWithdrawalNotice { Kind = (NoticeKind)kind, RequestedAction = NoticeAction.Erase };
        notice.MessageReferences.AddRange(Enumerable.Range(0, references).Select(_ => DeliveryParties.NewId()));
        if (correctedBy)
        {
            notice.CorrectedBy = DeliveryParties.NewId();
        }

        var envelope = Seal(new CasePayload { CorrectionOrWithdrawalNotice = notice });

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.True(InboundAnswerKind.Rejected == receipted.Kind, $"{name}: answered {receipted.Kind}");
        Assert.Equal(ReasonCode.InvalidFormat, receipted.Rejection?.Reason);
        var receipt = Verify(receipted.SignedReceipt, envelope);
        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.InvalidFormat), (receipt.Outcome, receipt.Reason));
        Assert.Empty(receipt.NoticeReferences);
        Assert.Equal((envelope.Route.MessageId, ReasonCode.InvalidFormat), _audit.Rejections.Single());
        Assert.Empty(_inbox.Notices);
        Assert.Empty(_inbox.Committed);
    }

    [Fact]
    public async Task A_notice_routed_as_a_notice_but_carrying_another_payload_is_rejected_and_never_committed()
    {
        var header = Header();
        var envelope = EnvelopeSealer.Seal(header, new CasePayload { ReturnPlan = new ReturnPlan { Remarks = "escort confirmed" } }, pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], _time.GetUtcNow());

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        // The header binding (route type against payload type) or the notice's form refuses it: either way a signed refusal, never a commit.
        var receipt = RejectedOrRefused(answer, envelope);
        Assert.NotEqual(ReasonCode.Unspecified, receipt);
        Assert.Empty(_inbox.Notices);
        Assert.Empty(_inbox.Committed);
    }

    public static TheoryData<string, byte[]> Smuggled => new()
    {
        // CorrectionOrWithdrawalNotice bytes as the attacker writes them.
        { "references as a varint", [0x08, 0x01, 0x10, 0x01] },
        { "references as a fixed64", [0x08, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8] },
        { "references as a group", [0x08, 0x01, 0x13, 0x14] },
        { "an unknown field 99", [0x08, 0x01, .. LengthDelimited(2, "4be1c0d2a9f34e7c8d6b5a4f3e2d1c0b"u8.ToArray()), 0x9A, 0x06, 0x01, (byte)'x'] },
        { "a kind number the contract does not define", [0x08, 99, .. LengthDelimited(2, "4be1c0d2a9f34e7c8d6b5a4f3e2d1c0b"u8.ToArray())] },
    };

    [Theory]
    [MemberData(nameof(Smuggled))]
    public async Task A_notice_with_bytes_the_contract_does_not_define_is_refused_unknown_field_and_nothing_is_committed(string name, byte[] noticeBytes)
    {
        var envelope = SealRaw(LengthDelimited(9, noticeBytes));

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var refused = Assert.IsType<InboundAnswer.Refused>(answer);
        Assert.True(ReasonCode.UnknownField == refused.Refusal.Reason, $"{name}: refused {refused.Refusal.Reason} ({refused.Refusal.Detail})");
        Assert.Empty(_inbox.Notices);
        Assert.Empty(_inbox.Committed);
    }

    [Fact]
    public async Task A_hand_encoded_notice_with_its_form_passes_the_same_steps_so_the_smuggling_cases_fail_for_their_smuggle_alone()
    {
        var reference = "4be1c0d2a9f34e7c8d6b5a4f3e2d1c0b";
        var envelope = SealRaw(LengthDelimited(9, [0x08, 0x01, .. LengthDelimited(2, System.Text.Encoding.ASCII.GetBytes(reference))]));

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.Equal(InboundAnswerKind.Accepted, receipted.Kind);
        var result = Assert.Single(Verify(receipted.SignedReceipt, envelope).NoticeReferences);
        Assert.Equal((reference, NoticeReferenceOutcome.Awaited), (result.MessageId, result.Outcome));
    }

    [Fact]
    public async Task A_good_notice_is_committed_through_the_notice_commit_and_its_verified_receipt_lists_each_reference_in_order()
    {
        var received = DeliveryParties.NewId();
        var notYet = DeliveryParties.NewId();
        var other = DeliveryParties.NewId();
        _inbox.Present.Add(received);
        _inbox.Present.Add(other);
        var notice = new CorrectionOrWithdrawalNotice
        {
            Kind = NoticeKind.ConsentWithdrawal,
            RequestedAction = NoticeAction.Erase,
            MessageReferences = { notYet, received, received, other },
        };
        var envelope = Seal(new CasePayload { CorrectionOrWithdrawalNotice = notice });

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.Equal(InboundAnswerKind.Accepted, receipted.Kind);
        var committed = Assert.Single(_inbox.Notices);
        Assert.Equal(envelope.Route.MessageId, committed.Message.MessageId);
        Assert.Equal(NoticeKind.ConsentWithdrawal, committed.Notice.Kind);
        Assert.Null(committed.Notice.CorrectedBy);
        Assert.Empty(_inbox.Committed);

        // What the sender gets as evidence: verified with the receipt codec against the recipient's signature.
        var receipt = ReceiptCodec.Verify(
            receipted.SignedReceipt, new AnchoredSignerValidator(pki.Anchors, [], []), Albania, Italy, envelope.Route.MessageId,
            SHA256.HashData(envelope.Sealed.Span), _time.GetUtcNow());
        Assert.Equal((ReceiptOutcome.Accepted, ReasonCode.Unspecified), (receipt.Outcome, receipt.Reason));
        Assert.Equal(
            [
                (notYet, NoticeReferenceOutcome.Awaited, ReasonCode.Unspecified),
                (received, NoticeReferenceOutcome.Applied, ReasonCode.Unspecified),
                (received, NoticeReferenceOutcome.Refused, ReasonCode.Malformed),
                (other, NoticeReferenceOutcome.Applied, ReasonCode.Unspecified),
            ],
            receipt.NoticeReferences.Select(r => (r.MessageId, r.Outcome, r.Reason)));
        Assert.Equal(receipted.SignedReceipt, committed.Receipt);
        Assert.Empty(_audit.Rejections);
    }

    [Fact]
    public async Task A_rectification_naming_itself_and_its_corrected_message_gets_those_references_refused_malformed_in_its_receipt()
    {
        var corrected = DeliveryParties.NewId();
        var target = DeliveryParties.NewId();
        _inbox.Present.Add(target);
        var header = Header();
        var notice = new CorrectionOrWithdrawalNotice
        {
            Kind = NoticeKind.Rectification,
            RequestedAction = NoticeAction.ReplaceWithCorrectedMessage,
            CorrectedBy = corrected,
            MessageReferences = { header.Route.MessageId, corrected, target },
        };
        var envelope = EnvelopeSealer.Seal(header, new CasePayload { CorrectionOrWithdrawalNotice = notice }, pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], _time.GetUtcNow());

        var answer = await Pipeline().DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var receipted = Assert.IsType<InboundAnswer.Receipted>(answer);
        Assert.Equal(InboundAnswerKind.Accepted, receipted.Kind);
        Assert.Equal(corrected, Assert.Single(_inbox.Notices).Notice.CorrectedBy);
        Assert.Equal(
            [
                (header.Route.MessageId, NoticeReferenceOutcome.Refused, ReasonCode.Malformed),
                (corrected, NoticeReferenceOutcome.Refused, ReasonCode.Malformed),
                (target, NoticeReferenceOutcome.Applied, ReasonCode.Unspecified),
            ],
            Verify(receipted.SignedReceipt, envelope).NoticeReferences.Select(r => (r.MessageId, r.Outcome, r.Reason)));
    }

    [Fact]
    public async Task A_notice_the_gateway_cannot_sign_a_receipt_for_is_answered_unsignable_and_the_commit_writes_nothing()
    {
        var notice = new CorrectionOrWithdrawalNotice { Kind = NoticeKind.Erasure, MessageReferences = { DeliveryParties.NewId() } };
        var envelope = Seal(new CasePayload { CorrectionOrWithdrawalNotice = notice });

        var answer = await Pipeline(signing: false).DeliverAsync(Italy, envelope.ToByteArray(), CancellationToken.None);

        var unsignable = Assert.IsType<InboundAnswer.Unsignable>(answer);
        Assert.Equal(ReasonCode.Expired, unsignable.Refusal.Reason);
        Assert.Empty(_inbox.Notices);
    }

    private ReasonCode RejectedOrRefused(InboundAnswer answer, SealedEnvelope envelope) => answer switch
    {
        InboundAnswer.Receipted { Kind: InboundAnswerKind.Rejected } r => Verify(r.SignedReceipt, envelope) is { Outcome: ReceiptOutcome.Rejected } receipt
            ? receipt.Reason
            : throw new Xunit.Sdk.XunitException("the receipt is not REJECTED"),
        InboundAnswer.Refused r => r.Refusal.Reason,
        _ => throw new Xunit.Sdk.XunitException($"expected a refusal, got {answer}"),
    };

    private InnerHeader Header()
    {
        var header = DeliveryParties.Header("IT/NCP", "AL/NCP", _time.GetUtcNow());
        header.Route.MessageType = MessageType.CorrectionOrWithdrawalNotice;
        header.Purpose = Purpose.DataSubjectRights;
        return header;
    }

    private SealedEnvelope Seal(CasePayload payload) =>
        EnvelopeSealer.Seal(Header(), payload, pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], _time.GetUtcNow());

    /// <summary>Signs and encrypts hand-encoded payload bytes under a good notice header: past the sealer's contract gate, as a hostile peer can.</summary>
    private SealedEnvelope SealRaw(byte[] payloadBytes)
    {
        var header = Header();
        header.Route.SchemaVersion = SchemaInfo.SchemaVersion;
        byte[] content;
        while (true)
        {
            content = [.. LengthDelimited(1, header.ToByteArray()), .. LengthDelimited(2, payloadBytes)];
            if (header.Route.SizeBucket == content.Length)
            {
                break;
            }

            header.Route.SizeBucket = (uint)content.Length;
        }

        var signer = pki["IT/NCP"].Signing;
        var sealedBytes = CmsEnvelope.Seal(content, signer.Certificate, signer.Key, signer.Chain, [pki["AL/NCP"].Encryption], _time.GetUtcNow());
        return new SealedEnvelope { Route = header.Route.Clone(), Sealed = ByteString.CopyFrom(sealedBytes) };
    }

    private static byte[] LengthDelimited(int field, byte[] content)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return buffer.ToArray();
    }

    private Receipt Verify(byte[] signed, SealedEnvelope envelope)
    {
        var verified = new ReceiptVerifier(Italy, new AnchoredSignerValidator(pki.Anchors, [], []))
            .Verify(signed, Albania, envelope.Route.MessageId, SHA256.HashData(envelope.Sealed.Span), _time.GetUtcNow());
        Assert.True(verified.IsAccepted, verified.Refusal?.Detail);
        return verified.Value;
    }

    private InboundPipeline Pipeline(bool signing = true)
    {
        var keys = new FixedKeyRings(signing ? pki["AL/NCP"].Signing : null, pki["AL/NCP"].Decryption);
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

    /// <summary>
    /// An inbox that knows no earlier delivery and commits notices as the stores do: each reference
    /// the notice's form left open is decided (APPLIED when the sender's message is here, else
    /// AWAITED) and the receipt is signed over the results inside the commit.
    /// </summary>
    private sealed class NoticeInbox : IInboxStore
    {
        public HashSet<string> Present { get; } = new(StringComparer.Ordinal);

        public List<InboundMessage> Committed { get; } = [];

        public List<(InboundMessage Message, InboundNotice Notice, byte[] Receipt)> Notices { get; } = [];

        public Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken) => Task.FromResult<InboundRecord?>(null);

        public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            Committed.Add(message);
            return Task.FromResult(new InboundCommit(true, null, message.SignedReceipt));
        }

        public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken)
        {
            var results = notice.References.Select(r => r.Outcome == NoticeReferenceOutcome.Refused ? r : new NoticeReferenceResult
            {
                MessageId = r.MessageId,
                Outcome = Present.Contains(r.MessageId) ? NoticeReferenceOutcome.Applied : NoticeReferenceOutcome.Awaited,
            }).ToList();
            var receipt = notice.SignReceipt(results);
            Notices.Add((message, notice, receipt));
            return Task.FromResult(new InboundCommit(true, null, receipt));
        }

        public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Records inbound rejections.</summary>
    private sealed class RejectionAudit : IAuditTrail
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
