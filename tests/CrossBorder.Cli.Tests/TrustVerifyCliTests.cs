using CrossBorder.Cli.Tests.Infrastructure;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder trust verify</c> on the dev federation: exit 0 and <c>valid</c> for a good path;
/// exit 1 with exactly one <c>rejected: CODE: reason</c> line for a refusal; exit 2 with
/// <c>usage:</c> for usage errors and unreadable files; never a stack trace.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class TrustVerifyCliTests(FederationFixture federation)
{
    private string Root => federation.CountryFile("IT", "root-ca.crt");

    private string Intermediate => federation.CountryFile("IT", "intermediate-ca.crt");

    private string RootCrl => federation.CountryFile("IT", "root-ca.crl");

    private string IntermediateCrl => federation.CountryFile("IT", "intermediate-ca.crl");

    private string SigningCertificate => federation.ParticipantFile("IT/NCP", "signing.crt");

    [Fact]
    public async Task A_participant_certificate_of_the_federation_is_valid()
    {
        var result = await Verify("--leaf", SigningCertificate);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Out);
        Assert.Equal("valid", lines[0]);
        Assert.Equal(4, lines.Length); // valid, then leaf, intermediate, root
        Assert.Contains("CrossBorder Dev Root CA IT", lines[3], StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Another_countrys_anchor_is_untrusted()
    {
        var result = await CliRunner.RunAsync(
            "trust", "verify", "--anchor", federation.CountryFile("AL", "root-ca.crt"), "--intermediates", Intermediate, "--leaf", SigningCertificate);

        AssertRejected(result, "UNTRUSTED");
    }

    [Fact]
    public async Task Der_and_pem_inputs_give_the_same_answer()
    {
        using var directory = new TempDirectory();
        var root = WriteDer(directory, Root, "root.der");
        var intermediate = WriteDer(directory, Intermediate, "intermediate.der");
        var leaf = WriteDer(directory, SigningCertificate, "leaf.der");

        var der = await CliRunner.RunAsync("trust", "verify", "--anchor", root, "--intermediates", intermediate, "--leaf", leaf);
        var mixed = await CliRunner.RunAsync("trust", "verify", "--anchor", Root, "--intermediates", intermediate, "--leaf", leaf, "--crl", RootCrl, "--crl", IntermediateCrl);
        var pem = await Verify("--leaf", SigningCertificate);

        Assert.True(der.ExitCode == 0, der.ToString());
        Assert.True(mixed.ExitCode == 0, mixed.ToString());
        Assert.Equal(pem.Out, der.Out);
        Assert.Equal(pem.Out, mixed.Out);
    }

    [Fact]
    public async Task Pem_crls_are_read_like_der_ones()
    {
        using var directory = new TempDirectory();
        var crls = directory.File("crls.pem");
        File.WriteAllText(crls, Pem("X509 CRL", File.ReadAllBytes(RootCrl)) + Pem("X509 CRL", File.ReadAllBytes(IntermediateCrl)));

        var result = await Verify("--leaf", SigningCertificate, "--crl", crls);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    public async Task A_time_outside_the_validity_is_expired(string at)
    {
        var result = await Verify("--leaf", SigningCertificate, "--at", at);

        AssertRejected(result, "EXPIRED");
    }

    [Fact]
    public async Task Crls_covering_the_path_validate()
    {
        var result = await Verify("--leaf", SigningCertificate, "--crl", RootCrl, "--crl", IntermediateCrl);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("valid", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_roots_crl_leaves_the_leaf_uncovered()
    {
        var result = await Verify("--leaf", SigningCertificate, "--crl", RootCrl);

        AssertRejected(result, "REVOCATION_UNKNOWN");
    }

    [Fact]
    public async Task A_signing_certificate_is_not_a_tls_client()
    {
        var signing = await Verify("--leaf", SigningCertificate, "--purpose", "signing");
        var tlsClient = await Verify("--leaf", SigningCertificate, "--purpose", "tls-client");

        Assert.True(signing.ExitCode == 0, signing.ToString());
        AssertRejected(tlsClient, "KEY_USAGE");
    }

    [Fact]
    public async Task The_tls_certificate_serves_both_tls_purposes()
    {
        var tls = federation.ParticipantFile("IT/NCP", "tls.crt");

        Assert.Equal(0, (await Verify("--leaf", tls, "--purpose", "tls-client")).ExitCode);
        Assert.Equal(0, (await Verify("--leaf", tls, "--purpose", "tls-server")).ExitCode);
    }

    [Fact]
    public async Task Max_depth_counts_intermediates()
    {
        var one = await Verify("--leaf", SigningCertificate, "--max-depth", "1");
        var zero = await Verify("--leaf", SigningCertificate, "--max-depth", "0");

        Assert.True(one.ExitCode == 0, one.ToString());
        AssertRejected(zero, "PATH_CONSTRAINT");
    }

    [Fact]
    public async Task Policy_settings_are_accepted_and_an_unmet_explicit_policy_is_refused()
    {
        var any = await Verify("--leaf", SigningCertificate, "--policy", "2.5.29.32.0", "--inhibit-policy-mapping", "--inhibit-any-policy");
        var required = await Verify("--leaf", SigningCertificate, "--policy", "1.2.3.4", "--explicit-policy");

        Assert.True(any.ExitCode == 0, any.ToString());
        AssertRejected(required, "PATH_CONSTRAINT"); // the dev certificates carry no policies
    }

    [Theory]
    [InlineData("--purpose", "nobody")]
    [InlineData("--at", "yesterday")]
    [InlineData("--max-depth", "-1")]
    [InlineData("--max-depth", "deep")]
    [InlineData("--policy", "not-an-oid")]
    [InlineData("--no-such-option", "x")]
    public async Task Bad_option_values_are_usage_errors(string option, string value)
    {
        var result = await Verify("--leaf", SigningCertificate, option, value);

        AssertUsage(result);
    }

    [Fact]
    public async Task Missing_leaf_or_anchor_is_a_usage_error()
    {
        AssertUsage(await CliRunner.RunAsync("trust", "verify", "--anchor", Root));
        AssertUsage(await CliRunner.RunAsync("trust", "verify", "--leaf", SigningCertificate));
    }

    [Fact]
    public async Task Unreadable_files_are_usage_errors()
    {
        using var directory = new TempDirectory();
        var garbage = directory.File("garbage.pem");
        File.WriteAllText(garbage, "this is not a certificate");

        AssertUsage(await Verify("--leaf", directory.File("missing.crt")));
        AssertUsage(await Verify("--leaf", garbage));
        AssertUsage(await Verify("--leaf", SigningCertificate, "--crl", garbage));
        AssertUsage(await CliRunner.RunAsync("trust", "verify", "--anchor", garbage, "--leaf", SigningCertificate));
    }

    private Task<CliResult> Verify(params string[] more) =>
        CliRunner.RunAsync(["trust", "verify", "--anchor", Root, "--intermediates", Intermediate, .. more]);

    private static void AssertRejected(CliResult result, string code)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Out);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith($"rejected: {code}: ", line, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    private static void AssertUsage(CliResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string WriteDer(TempDirectory directory, string pemPath, string name)
    {
        var path = directory.File(name);
        using var certificate = CertificateFiles.LoadCertificate(pemPath);
        File.WriteAllBytes(path, certificate.RawData);
        return path;
    }

    private static string Pem(string label, byte[] der) => new string(System.Security.Cryptography.PemEncoding.Write(label, der)) + "\n";
}
