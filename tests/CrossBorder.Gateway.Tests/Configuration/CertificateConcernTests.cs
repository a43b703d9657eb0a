using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;
using Microsoft.Extensions.Time.Testing;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The checkers of the TLS identity, the key rings and the local face: each reports its own settings' problems by name.</summary>
public sealed class CertificateConcernTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly OptionProblems _problems = new();
    private readonly ConfigFileReader _files;

    public CertificateConcernTests() => _files = new ConfigFileReader(_directory.Path, new FakeTimeProvider(Now), _problems);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Tls_identity_keeps_the_certificate_with_its_key_and_the_chain()
    {
        var options = new GatewayOptions { Tls = Pair("tls") };
        using var issuer = SelfSignedPairs.Build("issuer", Now.AddDays(-1), Now.AddDays(30));
        CertificateFiles.WriteCertificates(_directory.File("chain.pem"), issuer.Certificate);
        options.Tls.Chain = "chain.pem";

        var (certificate, chain) = TlsIdentityFiles.Load(options, _files);

        using (certificate)
        {
            Assert.True(certificate!.HasPrivateKey);
            Assert.Equal("CN=issuer", Assert.Single(chain!).Subject);
            Assert.Empty(_problems.All);
        }
    }

    [Fact]
    public void Tls_identity_reports_a_foreign_key_and_a_garbage_chain_together()
    {
        var options = new GatewayOptions { Tls = new ConfigFiles { Certificate = Pair("tls").Certificate, Key = Pair("other").Key, Chain = "chain.pem" } };
        File.WriteAllText(_directory.File("chain.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var (certificate, chain) = TlsIdentityFiles.Load(options, _files);

        Assert.Null(certificate);
        Assert.Null(chain);
        Assert.Equal(
        [
            "Tls: tls.crt with other.key: the private key does not belong to the certificate",
            $"Tls.Chain: {_directory.File("chain.pem")} holds no readable certificate (PEM or DER)",
        ], _problems.All);
    }

    [Fact]
    public void Key_rings_report_each_ring_and_each_rollover_pair_by_its_setting()
    {
        var options = new GatewayOptions
        {
            Signing = Pair("signing"),
            Encryption = new ConfigFiles { Certificate = Pair("encryption").Certificate, Key = Pair("stranger").Key },
            SigningRollover = [Pair("successor"), new ConfigFiles { Certificate = "gone.crt", Key = Pair("lost").Key }],
            EncryptionRollover = [SelfSignedPairs.Write(_directory, "expired", Now.AddDays(-30), Now.AddDays(-2))],
        };

        KeyRingFiles.Check(options, _files);

        Assert.Equal(
        [
            "Encryption: encryption.crt with stranger.key: the private key does not belong to the certificate",
            $"SigningRollover[1].Certificate: file {_directory.File("gone.crt")} does not exist",
            $"EncryptionRollover[0].Certificate: certificate CN=expired expired on {Now.AddDays(-2):u}",
        ], _problems.All);
    }

    [Fact]
    public void Key_ring_source_names_the_main_pair_first_with_full_paths()
    {
        var options = new GatewayOptions { Signing = Pair("signing"), Encryption = Pair("encryption"), SigningRollover = [Pair("successor")] };

        using var source = KeyRingFiles.Source(options, _files);
        var version = source.Version();

        Assert.Contains(_directory.File("signing.crt"), version, StringComparison.Ordinal);
        Assert.Contains(_directory.File("successor.key"), version, StringComparison.Ordinal);
        Assert.True(version.IndexOf(_directory.File("signing.crt"), StringComparison.Ordinal) < version.IndexOf(_directory.File("successor.crt"), StringComparison.Ordinal));
    }

    [Fact]
    public void Local_face_reports_a_missing_ca_and_an_expired_server_certificate_together()
    {
        var options = new GatewayOptions
        {
            LocalCaCertificate = "local-ca.crt",
            LocalServer = SelfSignedPairs.Write(_directory, "server", Now.AddDays(-30), Now.AddDays(-1)),
        };

        var (ca, server) = LocalFaceFiles.Load(options, _files);

        using (server)
        {
            Assert.Null(ca);
            Assert.Equal(
            [
                $"LocalCaCertificate: file {_directory.File("local-ca.crt")} does not exist",
                $"LocalServer.Certificate: certificate CN=server expired on {Now.AddDays(-1):u}",
            ], _problems.All);
        }
    }

    private ConfigFiles Pair(string name) => SelfSignedPairs.Write(_directory, name, Now.AddDays(-1), Now.AddDays(30));
}
