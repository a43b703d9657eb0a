using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>During a signing-key rollover new messages are signed with the newest active certificate, and the recipient accepts them.</summary>
[Collection(SharedExchange.Name)]
public sealed class SigningRolloverExchangeTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_message_sent_during_a_rollover_is_signed_with_the_successor_and_delivered()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var intermediate = CertificateFiles.LoadCertificateWithKey(
            Path.Combine(federation.Layout.CountryDirectory("IT"), "intermediate-ca.crt"), Path.Combine(federation.Layout.CountryDirectory("IT"), "intermediate-ca.key"));
        using var intermediateKey = intermediate.GetECDsaPrivateKey()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var successor = CertificateFactory.Leaf("CN=IT/NCP successor signing", new PublicKey(key), intermediate, intermediateKey,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], ["urn:crossborder:participant:IT/NCP"], false, now.AddMinutes(-1), now.AddYears(1));
        CertificateFiles.WriteCertificates(_data.File("successor.crt"), successor);
        KeyFiles.WritePrivateKey(_data.File("successor.key"), key);

        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"), o =>
            o.SigningRollover = [new ConfigFiles { Certificate = _data.File("successor.crt"), Key = _data.File("successor.key") }]);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var status = await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered));

        var item = Assert.Single(await albania.Store.OfferAsync(new HashSet<MessageType> { MessageType.CaseReferral }, 10, now, CancellationToken.None));
        var envelope = SealedEnvelope.Parser.ParseFrom(item.Envelope.Span);
        var directory = federation.Layout.ParticipantDirectory(ParticipantId.Parse("AL/NCP"));
        using var decryption = RecipientKey.FromCertificate(CertificateFiles.LoadCertificateWithKey(Path.Combine(directory, "encryption.crt"), Path.Combine(directory, "encryption.key")));
        var signer = new CapturingValidator();
        CmsEnvelope.Open(envelope.Sealed.Memory, decryption, signer, TimeProvider.System.GetUtcNow(), 16 * 1024 * 1024);

        Assert.Equal(StateNames.Name(AuditState.Delivered), status.CurrentState);
        Assert.Equal(successor.Thumbprint, signer.Seen?.Thumbprint);
    }

    private sealed class CapturingValidator : ISignerValidator
    {
        public X509Certificate2? Seen { get; private set; }

        public PathCheck Validate(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at)
        {
            Seen = signer;
            return PathCheck.Accepted;
        }
    }
}
