using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Security.Cryptography;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrossBorder.Conformance;

/// <summary>
/// What every case plays with: the sender's credentials, the target it proved to be, a channel
/// with the sender's TLS identity, the envelope factory, and the receipt check a sending gateway
/// makes. Each delivery is one Deliver call with a deadline.
/// </summary>
internal sealed class CaseRun : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly Marshaller<byte[]> RawBytes = Marshallers.Create(b => b, b => b);

    private readonly GrpcChannel _channel;
    private readonly ReceiptVerifier _receipts;
    private readonly ConcurrentQueue<DeliveryAnswer.Status> _refusals = new();
    private readonly ConcurrentQueue<Receipt> _verified = new();

    public CaseRun(SenderCredentials credentials, Uri address, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Credentials = credentials;
        Address = address;
        Time = time;
        Validator = new PeerCertificateValidator(() => credentials.Trust, time);
        _receipts = new ReceiptVerifier(credentials.Participant, new TrustListSignerValidator(Validator));
        _channel = TargetChannels.Create(address, credentials.Tls, Validator, null, seen => ServerSeen = seen);
    }

    public SenderCredentials Credentials { get; }

    public Uri Address { get; }

    public TimeProvider Time { get; }

    public PeerCertificateValidator Validator { get; }

    /// <summary>The last verdict on the target's TLS server certificate.</summary>
    public PeerValidation? ServerSeen { get; private set; }

    /// <summary>The target, once its TLS certificate proved it a participant of the trust list; null until then.</summary>
    public TargetPeer? Target { get; private set; }

    /// <summary>Every refusal (gRPC error) the target answered during the run so far, in order.</summary>
    public IReadOnlyCollection<DeliveryAnswer.Status> Refusals => _refusals;

    /// <summary>Every receipt that passed the sender's check during the run so far.</summary>
    public IReadOnlyCollection<Receipt> VerifiedReceipts => _verified;

    /// <summary>Envelopes from the sender to the target; only once the target is known.</summary>
    public EnvelopeFactory Envelopes => new(Credentials.Sender, (Target ?? throw new InvalidOperationException("the target is not known yet")).Entry, Time);

    /// <summary>Pings with the sender's identity and learns who the target is from its verified TLS certificate.</summary>
    public async Task<(PingResponse? Response, DeliveryAnswer.Status? Refused)> IdentifyAsync(CancellationToken cancellationToken)
    {
        var answer = await PingAsync(_channel, cancellationToken).ConfigureAwait(false);
        if (ServerSeen is { IsAccepted: true, Participant: { } participant } && Credentials.Trust.Find(participant) is { } entry)
        {
            Target = new TargetPeer(Address, entry);
        }

        return answer;
    }

    /// <summary>Delivers encoded envelope bytes with the sender's TLS identity.</summary>
    public Task<DeliveryAnswer> DeliverAsync(ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken) =>
        DeliverAsync(_channel, envelope, cancellationToken);

    public Task<DeliveryAnswer> DeliverAsync(SealedEnvelope envelope, CancellationToken cancellationToken) =>
        DeliverAsync(_channel, envelope.ToByteArray(), cancellationToken);

    /// <summary>Delivers over a connection of its own with another TLS identity (none when null) or protocol version.</summary>
    public async Task<DeliveryAnswer> DeliverAsAsync(ReadOnlyMemory<byte> envelope, TlsIdentity? identity, SslProtocols protocols, CancellationToken cancellationToken)
    {
        using var channel = TargetChannels.Create(Address, identity, Validator, Target?.Id, _ => { }, protocols);
        return await DeliverAsync(channel, envelope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="request"/> as the encoded DeliverRequest, byte for byte: the way to send what the contract does not define.</summary>
    public async Task<DeliveryAnswer> DeliverRequestBytesAsync(byte[] request, CancellationToken cancellationToken)
    {
        var method = new Method<byte[], DeliverResponse>(MethodType.Unary, PeerExchange.Descriptor.FullName, "Deliver", RawBytes, Marshallers.Create(r => r.ToByteArray(), DeliverResponse.Parser.ParseFrom));
        try
        {
            var response = await _channel.CreateCallInvoker()
                .AsyncUnaryCall(method, null, new CallOptions(deadline: Deadline(), cancellationToken: cancellationToken), request).ResponseAsync.ConfigureAwait(false);
            return new DeliveryAnswer.Receipted(response.SignedReceipt.ToByteArray());
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(ex);
        }
    }

    /// <summary>Sends <paramref name="request"/> as the encoded PingRequest, byte for byte.</summary>
    public async Task<(PingResponse? Response, DeliveryAnswer.Status? Refused)> PingRequestBytesAsync(byte[] request, CancellationToken cancellationToken)
    {
        var method = new Method<byte[], PingResponse>(MethodType.Unary, PeerExchange.Descriptor.FullName, "Ping", RawBytes, Marshallers.Create(r => r.ToByteArray(), PingResponse.Parser.ParseFrom));
        try
        {
            return (await _channel.CreateCallInvoker()
                .AsyncUnaryCall(method, null, new CallOptions(deadline: Deadline(), cancellationToken: cancellationToken), request).ResponseAsync.ConfigureAwait(false), null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Refused(ex));
        }
    }

    /// <summary>An HTTP client to the target below gRPC, with the sender's TLS identity (or <paramref name="identity"/>); the caller disposes it.</summary>
    public HttpClient Http(TlsIdentity? identity = null) =>
        new(TargetChannels.Handler(identity ?? Credentials.Tls, Validator, Target?.Id, _ => { }), disposeHandler: true) { BaseAddress = Address, Timeout = CallTimeout };

    /// <summary>Records a refusal seen below gRPC (a call made with <see cref="Http"/>), for the cases that check every refusal of the run.</summary>
    public void Record(DeliveryAnswer.Status refusal) => _refusals.Enqueue(refusal);

    /// <summary>The sender's check of a receipt: signature, signer = the target, message, sender and the digest of exactly <paramref name="sealedBytes"/>.</summary>
    public Outcome<Receipt> VerifyReceipt(byte[] signedReceipt, string messageId, ReadOnlySpan<byte> sealedBytes)
    {
        var verified = _receipts.Verify(signedReceipt, Target?.Id ?? throw new InvalidOperationException("the target is not known yet"), messageId, SHA256.HashData(sealedBytes), Time.GetUtcNow());
        if (verified.IsAccepted)
        {
            _verified.Enqueue(verified.Value);
        }

        return verified;
    }

    public void Dispose() => _channel.Dispose();

    private async Task<DeliveryAnswer> DeliverAsync(GrpcChannel channel, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        var client = new PeerExchange.PeerExchangeClient(channel);
        try
        {
            var response = await client.DeliverAsync(
                new DeliverRequest { Envelope = UnsafeByteOperations.UnsafeWrap(envelope) },
                deadline: Deadline(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return new DeliveryAnswer.Receipted(response.SignedReceipt.ToByteArray());
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(ex);
        }
    }

    private async Task<(PingResponse?, DeliveryAnswer.Status?)> PingAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            var response = await new PeerExchange.PeerExchangeClient(channel)
                .PingAsync(new PingRequest(), deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return (response, null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Refused(ex));
        }
    }

    private DeliveryAnswer.Status Refused(RpcException exception)
    {
        var refusal = DeliveryAnswer.Status.Of(exception);
        _refusals.Enqueue(refusal);
        return refusal;
    }

    private DateTime Deadline() => Time.GetUtcNow().Add(CallTimeout).UtcDateTime;
}
