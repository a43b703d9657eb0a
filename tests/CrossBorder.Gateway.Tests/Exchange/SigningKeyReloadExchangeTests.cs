using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using static CrossBorder.Gateway.Testing.Exchanges;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A new signing certificate written over the running gateway's key files is used for the next
/// message without a restart; a half-written pair (certificate without its key) leaves the ring in
/// force and is reported.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class SigningKeyReloadExchangeTests(ExchangeFederation federation) : IDisposable
{
    /// <summary>Key ring reload refused (KeyRingLog).</summary>
    private const int KeyRingReloadRefused = 4002;

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_new_signing_certificate_is_used_for_the_next_message_without_a_restart_and_a_broken_pair_keeps_the_old_ring()
    {
        var now = TimeProvider.System.GetUtcNow();
        var italyFiles = federation.Layout.ParticipantDirectory(ParticipantId.Parse("IT/NCP"));
        var signingCertificate = _data.File("signing.crt");
        var signingKey = _data.File("signing.key");
        File.Copy(Path.Combine(italyFiles, "signing.crt"), signingCertificate);
        File.Copy(Path.Combine(italyFiles, "signing.key"), signingKey);
        using var original = CertificateFiles.LoadCertificate(signingCertificate);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var successor = Successor(key, now);

        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var runtime = GatewayRuntimeLoader.Load(federation.ConfigPath("IT/NCP"), TimeProvider.System, loggers: loggers,
            adjust: ExchangeFederation.Fast(_data.File("it"), o => o.Signing = new ConfigFiles { Certificate = signingCertificate, Key = signingKey }));
        await using var italy = GatewayHost.Create(runtime, TimeProvider.System, b => b.AddProvider(log));
        await italy.StartAsync(CancellationToken.None);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");

        var before = await SendDeliveredAsync(caseWorker);

        // The certificate arrives first: without its key the pair is refused and the ring in force stays.
        CertificateFiles.WriteCertificates(signingCertificate, successor);
        italy.ReloadFilesNow();
        var refused = Assert.Single(log.WithEventId(KeyRingReloadRefused));
        Assert.Contains("does not belong to the certificate", refused.Message, StringComparison.Ordinal);
        var during = await SendDeliveredAsync(caseWorker);

        KeyFiles.WritePrivateKey(signingKey, key);
        italy.ReloadFilesNow();
        var after = await SendDeliveredAsync(caseWorker);

        var signers = await SignersAsync(albania.Store, now);
        Assert.Equal(original.Thumbprint, signers[before]);
        Assert.Equal(original.Thumbprint, signers[during]);
        Assert.Equal(successor.Thumbprint, signers[after]);
        Assert.Equal(successor.Thumbprint, runtime.KeyRings.Rings.Signing.Current(TimeProvider.System.GetUtcNow())!.Thumbprint);
        await italy.StopAsync(CancellationToken.None);
    }

    private X509Certificate2 Successor(ECDsa key, DateTimeOffset now)
    {
        var country = federation.Layout.CountryDirectory("IT");
        using var intermediate = CertificateFiles.LoadCertificateWithKey(Path.Combine(country, "intermediate-ca.crt"), Path.Combine(country, "intermediate-ca.key"));
        using var intermediateKey = intermediate.GetECDsaPrivateKey()!;
        return CertificateFactory.Leaf("CN=IT/NCP successor signing", new PublicKey(key), intermediate, intermediateKey,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], ["urn:crossborder:participant:IT/NCP"], false, now.AddMinutes(-1), now.AddYears(1));
    }

    private static async Task<string> SendDeliveredAsync(LocalExchange.LocalExchangeClient caseWorker)
    {
        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var status = await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered));
        Assert.Equal(StateNames.Name(AuditState.Delivered), status.CurrentState);
        return submitted.MessageId;
    }

    /// <summary>The signing certificate of every message in the recipient's inbox, by message id.</summary>
    private async Task<Dictionary<string, string>> SignersAsync(IMessageStore store, DateTimeOffset now)
    {
        var directory = federation.Layout.ParticipantDirectory(ParticipantId.Parse("AL/NCP"));
        using var decryption = RecipientKey.FromCertificate(CertificateFiles.LoadCertificateWithKey(Path.Combine(directory, "encryption.crt"), Path.Combine(directory, "encryption.key")));
        var signers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in await store.OfferAsync(new HashSet<MessageType> { MessageType.CaseReferral }, 10, now, CancellationToken.None))
        {
            var signer = new CapturingValidator();
            CmsEnvelope.Open(SealedEnvelope.Parser.ParseFrom(item.Envelope.Span).Sealed.Memory, decryption, signer, TimeProvider.System.GetUtcNow(), 16 * 1024 * 1024);
            signers[item.MessageId] = signer.Seen!.Thumbprint;
        }

        return signers;
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
