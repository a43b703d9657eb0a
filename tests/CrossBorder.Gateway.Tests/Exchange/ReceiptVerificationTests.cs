using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CrossBorder.Gateway.Testing.Exchanges;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A sender marks a message delivered only on a receipt whose signature verifies, whose signer is
/// the recipient, and whose digest is of the exact bytes sent. The recipient here is an impostor
/// peer face holding AL/NCP's real TLS key that answers bad receipts before a good one.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class ReceiptVerificationTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Receipts_with_a_wrong_digest_a_broken_signature_or_a_foreign_signer_are_not_delivery()
    {
        var modes = new Queue<string>(["wrong-digest", "bad-signature", "wrong-signer", "good"]);
        await using var impostor = await StartImpostorAsync(federation, modes);
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");

        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var status = await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered));

        Assert.Equal(StateNames.Name(AuditState.Delivered), status.CurrentState);
        var retries = status.Events.Where(e => e.State == StateNames.Name(AuditState.RetryWait)).Select(e => e.Reason).ToList();
        Assert.Equal([ReasonCode.HeaderMismatch, ReasonCode.BadSignature, ReasonCode.SignerMismatch], retries);
        Assert.Equal(4, status.Events.Count(e => e.State == StateNames.Name(AuditState.Sending)));
        Assert.Single(status.Events, e => e.State == StateNames.Name(AuditState.Delivered));
    }

    private static async Task<WebApplication> StartImpostorAsync(ExchangeFederation federation, Queue<string> modes)
    {
        string File(string participant, string name) => Path.Combine(federation.Layout.ParticipantDirectory(ParticipantId.Parse(participant)), name);
        var tls = CertificateFiles.LoadCertificateWithKey(File("AL/NCP", "tls.crt"), File("AL/NCP", "tls.key"));
        var chain = CertificateFiles.LoadCertificates(File("AL/NCP", "chain.pem"));
        var albania = CertificateFiles.LoadCertificateWithKey(File("AL/NCP", "signing.crt"), File("AL/NCP", "signing.key"));
        var greece = CertificateFiles.LoadCertificateWithKey(File("GR/NCP", "signing.crt"), File("GR/NCP", "signing.key"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new ImpostorPeer(modes, albania, greece, chain));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, federation.BasePort + 1, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = tls,
                ServerCertificateChain = chain,
                SslProtocols = SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<ImpostorPeer>();
        await app.StartAsync();
        return app;
    }

    private sealed class ImpostorPeer(Queue<string> modes, X509Certificate2 albania, X509Certificate2 greece, X509Certificate2Collection chain)
        : PeerExchange.PeerExchangeBase
    {
        public override Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context)
        {
            var envelope = SealedEnvelope.Parser.ParseFrom(request.Envelope);
            string mode;
            lock (modes)
            {
                mode = modes.Count > 1 ? modes.Dequeue() : modes.Peek();
            }

            var now = TimeProvider.System.GetUtcNow();
            var receipt = new Receipt
            {
                MessageId = envelope.Route.MessageId,
                Sender = envelope.Route.Sender,
                Recipient = "AL/NCP",
                SealedSha256 = ByteString.CopyFrom(mode == "wrong-digest" ? RandomNumberGenerator.GetBytes(32) : SHA256.HashData(envelope.Sealed.Span)),
                Outcome = ReceiptOutcome.Accepted,
                IssuedAt = Timestamp.FromDateTimeOffset(now),
            };
            var signer = mode == "wrong-signer" ? greece : albania;
            using var key = signer.GetECDsaPrivateKey()!;
            var signed = ReceiptCodec.Sign(receipt, new SigningIdentity(signer, key, chain), now);
            if (mode == "bad-signature")
            {
                signed[^1] ^= 0x01;
            }

            return Task.FromResult(new DeliverResponse { SignedReceipt = ByteString.CopyFrom(signed) });
        }
    }
}
