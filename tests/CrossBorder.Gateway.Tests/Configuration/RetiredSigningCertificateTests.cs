using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Tests.Infrastructure;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>
/// Audit checkpoints signed before a signing key was replaced verify only while that certificate
/// is one of the gateway's: in the ring, or listed as retired once its pair is removed.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class RetiredSigningCertificateTests(FederationFixture federation)
{
    [Fact]
    public async Task A_checkpoint_signed_with_a_replaced_key_verifies_once_its_certificate_is_listed_as_retired()
    {
        using var directory = new TempDirectory();
        var now = TimeProvider.System.GetUtcNow();
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.DataDirectory = directory.File("data");
        var oldSigning = options.Signing.Certificate;

        await using (var host = Host(directory, options, "before.json"))
        {
            await host.Store.InitializeAsync(CancellationToken.None);
            await host.Store.RecordInboundRejectionAsync("IT/NCP", "m1", new byte[32], ReasonCode.Untrusted, now, CancellationToken.None);
            Assert.Equal(1, (await host.AuditCheckpoints.CheckpointNowAsync(CancellationToken.None))?.Sequence);
        }

        using var intermediate = CertificateFiles.LoadCertificateWithKey(federation.CountryFile("AL", "intermediate-ca.crt"), federation.CountryFile("AL", "intermediate-ca.key"));
        using var intermediateKey = intermediate.GetECDsaPrivateKey()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var successor = CertificateFactory.Leaf("CN=AL/NCP successor signing", new PublicKey(key), intermediate, intermediateKey,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], ["urn:crossborder:participant:AL/NCP"], false, now.AddMinutes(-1), now.AddYears(1));
        using var expired = CertificateFactory.Leaf("CN=AL/NCP signing of long ago", new PublicKey(key), intermediate, intermediateKey,
            X509KeyUsageFlags.DigitalSignature, [], ["urn:crossborder:participant:AL/NCP"], false, now.AddYears(-3), now.AddYears(-2));
        CertificateFiles.WriteCertificates(directory.File("successor.crt"), successor);
        CertificateFiles.WriteCertificates(directory.File("expired.crt"), expired);
        KeyFiles.WritePrivateKey(directory.File("successor.key"), key);
        options.Signing = new ConfigFiles { Certificate = directory.File("successor.crt"), Key = directory.File("successor.key") };

        await using (var host = Host(directory, options, "replaced.json"))
        {
            await host.Store.InitializeAsync(CancellationToken.None);
            var verification = await host.AuditCheckpoints.VerifyNowAsync(CancellationToken.None);

            Assert.Equal(AuditIntegrity.CheckpointInvalid, verification.Kind);
            Assert.Equal(ReasonCode.SignerMismatch, verification.CheckpointReason);
        }

        options.RetiredSigningCertificates = [oldSigning, directory.File("expired.crt")];
        await using (var host = Host(directory, options, "retired.json"))
        {
            await host.Store.InitializeAsync(CancellationToken.None);
            var verification = await host.AuditCheckpoints.VerifyNowAsync(CancellationToken.None);

            Assert.Equal(AuditIntegrity.Intact, verification.Kind);
            Assert.Equal(1, verification.Checkpoints);
            Assert.Equal(3, host.Runtime.AuditSigners().Count);
        }
    }

    [Fact]
    public void A_retired_signing_certificate_that_is_missing_is_a_configuration_problem()
    {
        using var directory = new TempDirectory();
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.DataDirectory = directory.File("data");
        options.RetiredSigningCertificates = [directory.File("gone.crt")];

        var refused = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayRuntimeLoader.Load(GatewayConfigs.Write(directory.Path, options), TimeProvider.System, probePorts: false));

        Assert.Contains("RetiredSigningCertificates[0]: file", refused.Message, StringComparison.Ordinal);
    }

    private static GatewayHost Host(TempDirectory directory, GatewayOptions options, string name) =>
        GatewayHost.Create(GatewayRuntimeLoader.Load(GatewayConfigs.Write(directory.Path, options, name), TimeProvider.System), TimeProvider.System, _ => { });
}
