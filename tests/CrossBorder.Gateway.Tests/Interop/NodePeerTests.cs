using System.Text.Json;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Policy;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Interop;

/// <summary>
/// The peer protocol is implementable without .NET: an independent peer in Node.js (grpc-js,
/// protobufjs, and CMS through the OpenSSL command line, tests/interop-node) exchanges with our
/// real gateways both ways, over real mutual TLS 1.3, from a dev federation of its own.
/// </summary>
public sealed class NodePeerTests(ExchangeFederation federation) : IClassFixture<ExchangeFederation>, IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_node_peer_seals_and_delivers_our_gateway_accepts_and_the_peer_verifies_the_signed_receipt_with_openssl()
    {
        await using var albania = await TestGateway.StartAsync(federation.ConfigPath("AL/NCP"), keepPorts: false, ExchangeFederation.Fast(_data.File("al")));
        var payloadFile = _data.File("payload.pb");
        await File.WriteAllBytesAsync(payloadFile, Minimized("return-plan", Purpose.ReturnCoordination).ToByteArray());
        var stamp = PolicyLoader.LoadDefault().Stamp;

        await using var node = NodePeerProcess.Start(
        [
            "send", "--as", "IT/NCP", "--to", "AL/NCP", "--target", $"127.0.0.1:{albania.PeerAddress.Port}",
            .. Identity("IT/NCP"),
            "--payload", payloadFile, "--purpose", "PURPOSE_RETURN_COORDINATION", "--legal-basis", LegalBasis,
            "--policy-id", stamp.Id, "--policy-version", stamp.Version, "--policy-sha256", Convert.ToHexStringLower(stamp.Sha256.Span),
            "--work", _data.File("node-send"),
        ]);
        var exitCode = await node.ExitCodeAsync(Within);

        Assert.True(exitCode == 0, $"the node peer exited with {exitCode}: {node.Errors}");
        var delivered = await node.EventAsync("delivered", Within);
        Assert.Equal("ACCEPTED", delivered.GetProperty("outcome").GetString());
        Assert.Equal("UNSPECIFIED", delivered.GetProperty("reason").GetString());
        Assert.Equal("AL/NCP", delivered.GetProperty("receipt_signer").GetString());
        var messageId = delivered.GetProperty("message_id").GetString()!;
        var stored = Assert.Single(await albania.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None));
        Assert.Equal(messageId, stored.MessageId);
        Assert.Equal("IT/NCP", stored.Sender);
        Assert.Equal(MessageType.ReturnPlan, stored.MessageType);
        var trail = await albania.Store.TrailAsync(messageId, CancellationToken.None);
        Assert.Contains(trail, e => e.State == AuditState.Received && e.Reason == ReasonCode.Unspecified);
    }

    [Fact]
    public async Task Our_gateway_delivers_to_the_node_peer_which_opens_with_openssl_and_its_openssl_signed_receipt_marks_the_message_delivered()
    {
        var port = PeerPort("AL/NCP");
        var opened = _data.File("node-opened");
        await using var node = NodePeerProcess.Start(
        [
            "serve", "--as", "AL/NCP", "--listen", $"127.0.0.1:{port}",
            .. Identity("AL/NCP"),
            "--encryption-cert", ParticipantFile("AL/NCP", "encryption.crt"), "--encryption-key", ParticipantFile("AL/NCP", "encryption.key"),
            "--count", "1", "--timeout-seconds", "120", "--out", opened, "--work", _data.File("node-serve"),
        ]);
        await node.EventAsync("listening", Within);
        // A generous attempt deadline: OpenSSL processes on a loaded machine must not turn one delivery into a retry.
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"), o => o.DeliveryTimeoutSeconds = 60);
        var caseWorker = federation.Client("IT/NCP", "case-worker");

        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.ReturnCoordination, Example("return-plan"));
        var status = await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered), seconds: 90);
        var exitCode = await node.ExitCodeAsync(Within);

        Assert.True(status.CurrentState == StateNames.Name(AuditState.Delivered), $"outbox state {status.CurrentState}; node peer: {node.Errors} {string.Join(' ', node.Events("refused").Select(e => e.ToString()))}");
        Assert.True(exitCode == 0, $"the node peer exited with {exitCode}: {node.Errors}");
        Assert.Empty(node.Events("refused"));
        var report = await node.EventAsync("opened", Within);
        Assert.Equal(submitted.MessageId, report.GetProperty("message_id").GetString());
        Assert.Equal("IT/NCP", report.GetProperty("sender").GetString());
        Assert.Equal("IT/NCP", report.GetProperty("signer").GetString());
        Assert.Equal("MESSAGE_TYPE_RETURN_PLAN", report.GetProperty("message_type").GetString());
        Assert.Equal("PURPOSE_RETURN_COORDINATION", report.GetProperty("purpose").GetString());
        Assert.Equal(LegalBasis, report.GetProperty("legal_basis").GetString());
        var payload = CasePayload.Parser.ParseFrom(await File.ReadAllBytesAsync(report.GetProperty("payload_file").GetString()!));
        Assert.Equal(CasePayload.BodyOneofCase.ReturnPlan, payload.BodyCase);
        Assert.Equal(Example("return-plan").ReturnPlan.Traveller.FamilyName, payload.ReturnPlan.Traveller.FamilyName);
    }

    /// <summary>The TLS, signing and trust-list arguments of a participant of the federation.</summary>
    private string[] Identity(string participant) =>
    [
        "--tls-cert", ParticipantFile(participant, "tls.crt"), "--tls-key", ParticipantFile(participant, "tls.key"),
        "--chain", ParticipantFile(participant, "chain.pem"),
        "--signing-cert", ParticipantFile(participant, "signing.crt"), "--signing-key", ParticipantFile(participant, "signing.key"),
        "--trust-list", federation.Layout.TrustList, "--operator-cert", federation.Layout.OperatorCertificate,
    ];

    private string ParticipantFile(string participant, string name) =>
        Path.Combine(Path.GetDirectoryName(federation.ConfigPath(participant))!, name);

    /// <summary>The peer port the trust list names for a participant (its gateway config listens there).</summary>
    private int PeerPort(string participant)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(federation.ConfigPath(participant)));
        var listen = config.RootElement.GetProperty("CrossBorder").GetProperty("Gateway").GetProperty("PeerListen").GetString()!;
        return int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
