using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Core.Certificates;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Tests.Infrastructure;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>A gateway configured with two signing certificates during a rollover.</summary>
[Collection(SharedFederation.Name)]
public sealed class CertificateRolloverTests(FederationFixture federation)
{
    [Fact]
    public async Task With_two_active_signing_certificates_new_messages_use_the_newest_and_both_are_reported()
    {
        using var directory = new TempDirectory();
        var now = TimeProvider.System.GetUtcNow();
        using var intermediate = CertificateFiles.LoadCertificateWithKey(federation.CountryFile("AL", "intermediate-ca.crt"), federation.CountryFile("AL", "intermediate-ca.key"));
        using var intermediateKey = intermediate.GetECDsaPrivateKey()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var successor = CertificateFactory.Leaf("CN=AL/NCP successor signing", new PublicKey(key), intermediate, intermediateKey,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], ["urn:crossborder:participant:AL/NCP"], false, now.AddMinutes(-1), now.AddYears(1));
        CertificateFiles.WriteCertificates(directory.File("successor.crt"), successor);
        KeyFiles.WritePrivateKey(directory.File("successor.key"), key);
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.DataDirectory = directory.File("data");
        options.SigningRollover = [new ConfigFiles { Certificate = directory.File("successor.crt"), Key = directory.File("successor.key") }];

        var runtime = GatewayRuntimeLoader.Load(GatewayConfigs.Write(directory.Path, options), TimeProvider.System);
        await using var host = GatewayHost.Create(runtime, TimeProvider.System, _ => { });

        Assert.Equal(2, runtime.KeyRings.Rings.Signing.Certificates.Count);
        Assert.Equal(successor.Thumbprint, runtime.KeyRings.Rings.Signing.Current(now)!.Thumbprint);
        Assert.True(runtime.KeyRings.Rings.Signing.Current(now)!.HasPrivateKey);
        var report = host.CertificateExpiry();
        Assert.Contains(report, r => r is { Owner: "self", Use: "signing" } && r.Days > 300);
        Assert.Contains(report, r => r is { Owner: "self", Use: "signing-rollover-1" } && r.Days > 360);
    }
}
