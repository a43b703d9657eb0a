using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;
using Microsoft.Extensions.Time.Testing;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>Hostile certificate and key files: each is one problem in the operator's words, never an exception.</summary>
public sealed class ConfigFileReaderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly OptionProblems _problems = new();
    private readonly ConfigFileReader _files;

    public ConfigFileReaderTests() => _files = new ConfigFileReader(_directory.Path, new FakeTimeProvider(Now), _problems);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_missing_file_is_reported_with_its_full_path()
    {
        Assert.Null(_files.Certificates("absent.crt", "LocalCaCertificate"));

        Assert.Equal([$"LocalCaCertificate: file {_directory.File("absent.crt")} does not exist"], _problems.All);
    }

    [Fact]
    public void A_directory_where_a_file_belongs_is_reported_as_no_file()
    {
        Directory.CreateDirectory(_directory.File("folder.crt"));

        Assert.Null(_files.Certificate("folder.crt", "OperatorCertificate"));

        Assert.Equal([$"OperatorCertificate: file {_directory.File("folder.crt")} does not exist"], _problems.All);
    }

    [Fact]
    public void An_empty_setting_is_reported_as_required()
    {
        Assert.Null(_files.ExistingFile(" ", "TrustList"));

        Assert.Equal(["TrustList is required"], _problems.All);
    }

    [Theory]
    [InlineData("not a certificate at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")]
    public void Garbage_pem_or_der_is_reported_as_no_readable_certificate(string content)
    {
        File.WriteAllText(_directory.File("garbage.crt"), content);

        Assert.Null(_files.Certificates("garbage.crt", "LocalCaCertificate"));

        Assert.Equal([$"LocalCaCertificate: {_directory.File("garbage.crt")} holds no readable certificate (PEM or DER)"], _problems.All);
    }

    [Fact]
    public void Truncated_der_is_reported_as_no_readable_certificate()
    {
        File.WriteAllBytes(_directory.File("truncated.der"), [0x30, 0x82, 0x01, 0x00, 0x30, 0x82]);

        Assert.Null(_files.Certificates("truncated.der", "LocalCaCertificate"));

        Assert.Equal([$"LocalCaCertificate: {_directory.File("truncated.der")} holds no readable certificate (PEM or DER)"], _problems.All);
    }

    [Fact]
    public void A_key_of_another_certificate_is_reported_as_not_belonging()
    {
        var pair = WritePair("mine", Now.AddDays(-1), Now.AddDays(30));
        var other = WritePair("other", Now.AddDays(-1), Now.AddDays(30));

        Assert.Null(_files.KeyPair(new ConfigFiles { Certificate = pair.Certificate, Key = other.Key }, "Signing"));

        Assert.Equal(["Signing: mine.crt with other.key: the private key does not belong to the certificate"], _problems.All);
    }

    [Fact]
    public void An_expired_certificate_is_reported_with_its_subject_and_end()
    {
        var pair = WritePair("old", Now.AddDays(-60), Now.AddDays(-1));

        using var loaded = _files.KeyPair(pair, "LocalServer");

        Assert.NotNull(loaded);
        Assert.Equal([$"LocalServer.Certificate: certificate CN=old expired on {Now.AddDays(-1):u}"], _problems.All);
    }

    [Fact]
    public void A_certificate_not_yet_valid_is_reported_with_its_start()
    {
        var pair = WritePair("early", Now.AddDays(1), Now.AddDays(30));

        using var loaded = _files.KeyPair(pair, "Tls");

        Assert.NotNull(loaded);
        Assert.Equal([$"Tls.Certificate: certificate CN=early is not valid before {Now.AddDays(1):u}"], _problems.All);
    }

    [Fact]
    public void Two_certificates_where_one_is_expected_are_reported()
    {
        using var first = Build("first", Now.AddDays(-1), Now.AddDays(30));
        using var second = Build("second", Now.AddDays(-1), Now.AddDays(30));
        CertificateFiles.WriteCertificates(_directory.File("two.crt"), first.Certificate, second.Certificate);

        Assert.NotNull(_files.Certificate("two.crt", "OperatorCertificate"));

        Assert.Equal(["OperatorCertificate: expected one certificate, found 2"], _problems.All);
    }

    [Fact]
    public void Missing_certificate_and_key_are_both_reported()
    {
        Assert.Null(_files.KeyPair(new ConfigFiles { Certificate = "", Key = "absent.key" }, "Encryption"));

        Assert.Equal(["Encryption.Certificate is required", $"Encryption.Key: file {_directory.File("absent.key")} does not exist"], _problems.All);
    }

    [Fact]
    public void A_sound_pair_and_an_unset_chain_pass()
    {
        var pair = WritePair("sound", Now.AddDays(-1), Now.AddDays(30));

        using var loaded = _files.KeyPair(pair, "Tls");
        var chain = _files.Chain(pair, "Tls");

        Assert.True(loaded!.HasPrivateKey);
        Assert.Empty(chain!);
        Assert.Empty(_problems.All);
    }

    private static TestCertificate Build(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) => SelfSignedPairs.Build(name, notBefore, notAfter);

    private ConfigFiles WritePair(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) => SelfSignedPairs.Write(_directory, name, notBefore, notAfter);
}
