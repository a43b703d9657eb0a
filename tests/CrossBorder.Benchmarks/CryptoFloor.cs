using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Benchmarks;

/// <summary>
/// The cryptography of one exchange and nothing else: IT/NCP seals the minimized payload to
/// AL/NCP, AL/NCP opens it (decrypt, verify, path, header binding) and signs the receipt, IT/NCP
/// verifies the receipt (signature, path, message, digest). The same keys, certificates,
/// validators and code the gateways use; no network, no store, no policy.
/// </summary>
internal sealed class CryptoFloor : IDisposable
{
    private static readonly ParticipantId It = ParticipantId.Parse("IT/NCP");
    private static readonly ParticipantId Al = ParticipantId.Parse("AL/NCP");

    private readonly TimeProvider _time = TimeProvider.System;
    private readonly CasePayload _payload;
    private readonly PolicyStamp _stamp;
    private readonly KeyRingProvider _itSigning;
    private readonly KeyRingProvider _alSigning;
    private readonly IReadOnlyList<X509Certificate2> _recipients;
    private readonly IReadOnlyList<RecipientKey> _alKeys;
    private readonly EnvelopeOpener _opener;
    private readonly TrustListSignerValidator _receiptSigners;
    private readonly TimeSpan _lifetime;

    public CryptoFloor(DevFederationLayout layout, CasePayload minimized, PolicyStamp stamp)
    {
        _payload = minimized;
        _stamp = stamp;
        var it = GatewayRuntimeLoader.Load(layout.GatewayConfig(It), _time, probePorts: false);
        var al = GatewayRuntimeLoader.Load(layout.GatewayConfig(Al), _time, probePorts: false);
        var itPeers = new PeerCertificateValidator(() => it.Trust, _time, it.Revocation, it.FetchedCrls);
        var alPeers = new PeerCertificateValidator(() => al.Trust, _time, al.Revocation, al.FetchedCrls);
        _itSigning = it.KeyRings;
        _alSigning = al.KeyRings;
        _recipients = new RecipientCertificates(itPeers).For(it.Trust, Al);
        _alKeys = al.KeyRings.DecryptionKeys;
        _opener = new EnvelopeOpener(Al, _alKeys, new TrustListSignerValidator(alPeers), _time, al.Exchange.ClockSkew, al.MaxEnvelopeBytes);
        _receiptSigners = new TrustListSignerValidator(itPeers);
        _lifetime = it.Exchange.MessageLifetime;
    }

    /// <summary>One sealed envelope as the sender's outbox holds it (the size the peer call carries).</summary>
    public byte[] SampleEnvelope() => Seal(NewId(), _time.GetUtcNow()).ToByteArray();

    /// <summary>Seal, open, receipt sign, receipt verify.</summary>
    public void Exchange()
    {
        var now = _time.GetUtcNow();
        var messageId = NewId();
        var envelope = Seal(messageId, now);
        var encoded = envelope.ToByteArray();
        var digest = SHA256.HashData(envelope.Sealed.Span);

        var received = SealedEnvelope.Parser.ParseFrom(encoded);
        _opener.Open(received.Route, received.Sealed.Memory);
        var receipt = ReceiptCodec.Sign(
            new Receipt
            {
                MessageId = messageId,
                Sender = It.ToString(),
                Recipient = Al.ToString(),
                SealedSha256 = ByteString.CopyFrom(SHA256.HashData(received.Sealed.Span)),
                Outcome = ReceiptOutcome.Accepted,
                IssuedAt = Timestamp.FromDateTimeOffset(now),
            },
            _alSigning.SigningIdentity(_time.GetUtcNow()),
            now);

        ReceiptCodec.Verify(receipt, _receiptSigners, Al, It, messageId, digest, now);
    }

    public void Dispose()
    {
        foreach (var key in _alKeys)
        {
            key.Dispose();
        }
    }

    private SealedEnvelope Seal(string messageId, DateTimeOffset now)
    {
        var header = new InnerHeader
        {
            Route = new RouteHeader
            {
                MessageId = messageId,
                ConversationId = NewId(),
                Sender = It.ToString(),
                Recipient = Al.ToString(),
                MessageType = MessageType.ReturnPlan,
                CreatedAt = Timestamp.FromDateTimeOffset(now),
                ExpiresAt = Timestamp.FromDateTimeOffset(now + _lifetime),
            },
            Purpose = Purpose.ReturnCoordination,
            LegalBasis = ExchangeBench.LegalBasis,
            PolicyStamp = _stamp,
        };
        return EnvelopeSealer.Seal(header, _payload, _itSigning.SigningIdentity(now), _recipients, now);
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
