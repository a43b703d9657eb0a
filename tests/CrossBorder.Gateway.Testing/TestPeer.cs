using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// Plays one participant toward a gateway's peer face with that participant's real TLS and
/// signing keys: it seals envelopes as a gateway would (or as a misbehaving one would) and
/// delivers them over mutual TLS, so the receiving gateway's verdicts are what is tested.
/// </summary>
internal sealed class TestPeer : IDisposable
{
    private readonly ExchangeFederation _federation;
    private readonly ClientIdentity _tls;
    private readonly X509Certificate2 _signing;
    private readonly List<GrpcChannel> _channels = [];

    public TestPeer(ExchangeFederation federation, string participant)
    {
        _federation = federation;
        Participant = participant;
        var directory = federation.Layout.ParticipantDirectory(ParticipantId.Parse(participant));
        _tls = new ClientIdentity(
            CertificateFiles.LoadCertificateWithKey(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key")),
            CertificateFiles.LoadCertificates(Path.Combine(directory, "chain.pem")));
        _signing = CertificateFiles.LoadCertificateWithKey(Path.Combine(directory, "signing.crt"), Path.Combine(directory, "signing.key"));
    }

    public string Participant { get; }

    /// <summary>A peer-face client of <paramref name="gateway"/>, which must prove to be <paramref name="participant"/>.</summary>
    public PeerExchange.PeerExchangeClient Client(TestGateway gateway, string participant)
    {
        var server = CertificateFiles.LoadCertificate(Path.Combine(_federation.Layout.ParticipantDirectory(ParticipantId.Parse(participant)), "tls.crt"));
        var channel = RawChannels.Create(gateway.PeerAddress, _tls, server);
        _channels.Add(channel);
        return new PeerExchange.PeerExchangeClient(channel);
    }

    /// <summary>A raw HTTP/2 client of <paramref name="gateway"/>'s peer face with this participant's TLS identity.</summary>
    public HttpMessageInvoker Http(TestGateway gateway, string participant)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var server = CertificateFiles.LoadCertificate(Path.Combine(_federation.Layout.ParticipantDirectory(ParticipantId.Parse(participant)), "tls.crt"));
        return new HttpMessageInvoker(RawChannels.Handler(_tls, server));
    }

    /// <summary>Seals a payload to <paramref name="recipient"/> as this participant; <paramref name="adjust"/> may tamper with the header before sealing.</summary>
    public SealedEnvelope Seal(string recipient, CasePayload payload, Action<InnerHeader>? adjust = null, string? sealTo = null)
    {
        using var encryption = CertificateFiles.LoadCertificate(
            Path.Combine(_federation.Layout.ParticipantDirectory(ParticipantId.Parse(sealTo ?? recipient)), "encryption.crt"));
        return Seal(recipient, payload, encryption, adjust);
    }

    /// <summary>Seals a payload to <paramref name="recipient"/> under one given encryption certificate (a new one the federation's files do not hold yet).</summary>
    public SealedEnvelope Seal(string recipient, CasePayload payload, X509Certificate2 encryption, Action<InnerHeader>? adjust = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var header = Header(recipient, (MessageType)(int)payload.BodyCase, Purpose.ReturnCoordination, now);
        adjust?.Invoke(header);
        using var key = (AsymmetricAlgorithm?)_signing.GetECDsaPrivateKey() ?? _signing.GetRSAPrivateKey()!;
        return EnvelopeSealer.Seal(header, payload, new SigningIdentity(_signing, key, _tls.Chain), [encryption], now);
    }

    /// <summary>
    /// Signs and encrypts hand-encoded payload bytes under a well-formed header, past the sealer's
    /// contract gate: what a misbehaving or hostile gateway can send.
    /// </summary>
    public SealedEnvelope SealRawPayload(string recipient, MessageType type, byte[] payloadBytes, Action<InnerHeader>? adjust = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var header = Header(recipient, type, Purpose.IdentityVerification, now);
        header.Route.SchemaVersion = CrossBorder.Core.Contracts.SchemaInfo.SchemaVersion;
        adjust?.Invoke(header);
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

        var encryption = CertificateFiles.LoadCertificate(Path.Combine(_federation.Layout.ParticipantDirectory(ParticipantId.Parse(recipient)), "encryption.crt"));
        using var key = (AsymmetricAlgorithm?)_signing.GetECDsaPrivateKey() ?? _signing.GetRSAPrivateKey()!;
        var sealedBytes = CmsEnvelope.Seal(content, _signing, key, _tls.Chain, [encryption], now);
        return new SealedEnvelope { Route = header.Route.Clone(), Sealed = ByteString.CopyFrom(sealedBytes) };
    }

    /// <summary>A well-formed header from this participant, one hour's lifetime.</summary>
    private InnerHeader Header(string recipient, MessageType type, Purpose purpose, DateTimeOffset now) => new()
    {
        Route = new RouteHeader
        {
            MessageId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ConversationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Sender = Participant,
            Recipient = recipient,
            MessageType = type,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(1)),
        },
        Purpose = purpose,
        LegalBasis = Exchanges.LegalBasis,
        PolicyStamp = PolicyLoader.LoadDefault().Stamp,
    };

    /// <summary>Tag (field, wire type 2), length, bytes.</summary>
    public static byte[] LengthDelimited(int field, byte[] content)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return buffer.ToArray();
    }

    public static async Task<DeliverResponse> DeliverAsync(PeerExchange.PeerExchangeClient client, ByteString envelope) =>
        await client.DeliverAsync(new DeliverRequest { Envelope = envelope }, deadline: Exchanges.Deadline());

    /// <summary>Reads a signed receipt after checking it is signed by <paramref name="signer"/> under the federation's trust list.</summary>
    public Receipt VerifyReceipt(DeliverResponse response, string signer, SealedEnvelope about)
    {
        var trust = TrustListCodec.Open(File.ReadAllBytes(_federation.Layout.TrustList), CertificateFiles.LoadCertificate(_federation.Layout.OperatorCertificate));
        var validator = new TrustListSignerValidator(new PeerCertificateValidator(() => trust, TimeProvider.System));
        return ReceiptCodec.Verify(
            response.SignedReceipt.Memory, validator, ParticipantId.Parse(signer), ParticipantId.Parse(Participant), about.Route.MessageId,
            SHA256.HashData(about.Sealed.Span), TimeProvider.System.GetUtcNow());
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _tls.Dispose();
        _signing.Dispose();
    }
}
