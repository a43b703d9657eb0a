using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Vectors;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary>
/// A receiving gateway's inbound path exactly as the gateway composes it
/// (<see cref="InboundPipeline.Create"/>: parse, route check, strict envelope, deduplicate, open
/// with the trust list's signer validation, freshness, inner header format and the reference
/// inbound policy, commit, signed receipt), for one vector group's receiver, at the vectors'
/// validation time, with the receiver settings the index names. The inbox and audit are in memory
/// and start empty.
/// </summary>
internal sealed class VectorReceiver : IDisposable
{
    private readonly OpenedInbox _opened;
    private readonly RecipientKey _decryption;
    private readonly InboundPipeline _pipeline;

    public VectorReceiver(VectorSet set, VectorGroup group)
    {
        var time = new FixedTime(set.ValidationTime);
        var settings = set.Index.ReceiverSettings;
        var delivery = new DeliverySettings(settings.MaxEnvelopeBytes, TimeSpan.FromSeconds(settings.ClockSkewSeconds), TimeSpan.FromHours(settings.MaxMessageLifetimeHours));
        Trust = Manager(set, time, null);
        Trust.Offer(set.Bytes(set.Index.Federation["trustList"]));
        Self = ParticipantId.Parse(group.Receiver!);
        var files = group.ReceiverFiles!;
        _decryption = RecipientKey.FromCertificate(set.CertificateWithKey(files["encryptionCertificate"], files["encryptionKey"]));
        var signing = set.CertificateWithKey(files["signingCertificate"], files["signingKey"]);
        var keys = new Keys(new SigningIdentity(signing, signing.GetECDsaPrivateKey()!, []), _decryption);
        Validator = new PeerCertificateValidator(() => Trust.Current!, time);
        _opened = new OpenedInbox(time);
        _pipeline = InboundPipeline.Create(Self, delivery, Trust, new EmptyInbox(), new NoAudit(), keys, Validator, new PolicyInForce(PolicyLoader.LoadDefault()), _opened, time);
        Time = time;
    }

    public ParticipantId Self { get; }

    public TrustListManager Trust { get; }

    public PeerCertificateValidator Validator { get; }

    public TimeProvider Time { get; }

    /// <summary>A trust list manager pinned to the set's operator, with <paramref name="current"/> as the highest sequence it accepted (none: never accepted one).</summary>
    public static TrustListManager Manager(VectorSet set, TimeProvider time, ulong? current) =>
        new(set.Certificate(set.Index.Federation["operatorCertificate"]), new MemoryTrustState(current), time,
            TimeSpan.FromHours(set.Index.ReceiverSettings.TrustListGraceHours), NullLogger.Instance);

    /// <summary>Delivers the encoded envelope as the TLS-verified <paramref name="peer"/> would.</summary>
    public Task<InboundAnswer> DeliverAsync(ParticipantId peer, byte[] encoded) => _pipeline.DeliverAsync(peer, encoded, CancellationToken.None);

    /// <summary>The receipt as its sender checks it: signed by this receiver, about this message and exactly these sealed bytes.</summary>
    public Outcome<Receipt> VerifyReceipt(ParticipantId sender, byte[] signedReceipt, SealedEnvelope envelope) =>
        new ReceiptVerifier(sender, new TrustListSignerValidator(Validator))
            .Verify(signedReceipt, Self, envelope.Route.MessageId, SHA256.HashData(envelope.Sealed.Span), Time.GetUtcNow());

    public void Dispose()
    {
        _opened.Dispose();
        _decryption.Dispose();
    }

    private sealed class Keys(SigningIdentity signing, RecipientKey decryption) : IKeyRings
    {
        public IReadOnlyList<RecipientKey> DecryptionKeys => [decryption];

        public IReadOnlyList<RecipientKey> StoredMessageKeys => [decryption];

        public SigningIdentity SigningIdentity(DateTimeOffset now) => signing;
    }

    /// <summary>A receiver that accepted no message before: every vector is a first delivery.</summary>
    private sealed class EmptyInbox : IInboxStore
    {
        public Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken) => Task.FromResult<InboundRecord?>(null);

        public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken) => Task.FromResult(new InboundCommit(true, null));

        public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        // Nothing was received before: every reference the notice's form allows is awaited.
        public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken) =>
            Task.FromResult(new InboundCommit(true, null, notice.SignReceipt(
                [.. notice.References.Select(r => r.Outcome == NoticeReferenceOutcome.Refused ? r : new NoticeReferenceResult { MessageId = r.MessageId, Outcome = NoticeReferenceOutcome.Awaited })])));

        public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoAudit : IAuditTrail
    {
        public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class MemoryTrustState(ulong? current) : ITrustStateStore
    {
        private TrustState? _state = current is { } sequence ? new TrustState(sequence, new byte[32], null) : null;

        public TrustState? Load() => _state;

        public void Save(TrustState state) => _state = state;
    }
}
