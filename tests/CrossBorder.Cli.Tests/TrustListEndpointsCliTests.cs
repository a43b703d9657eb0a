using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Core.Trust;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder trustlist sign --endpoints</c>: an operator gives a participant several
/// endpoints; the signed list carries them in order and <c>show</c> prints them; a bad endpoint
/// is refused as gateways would refuse it, and nothing is written.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class TrustListEndpointsCliTests(FederationFixture federation)
{
    private string OperatorCertificate => Path.Combine(federation.Root, "operator", "operator.crt");

    private string OperatorKey => Path.Combine(federation.Root, "operator", "operator.key");

    [Fact]
    public async Task Sign_gives_a_participant_several_endpoints_in_order_and_show_prints_them()
    {
        using var directory = new TempDirectory();
        var output = directory.File("replicas.p7s");

        var signed = await SignAsync(directory, output, "--endpoints", "AL/NCP=https://127.0.0.1:47201, https://127.0.0.1:47202", "--endpoints", "IT/NCP=https://it.example:8443");

        Assert.True(signed.ExitCode == 0, signed.ToString());
        var list = TrustListCodec.Open(File.ReadAllBytes(output), CertificateFiles.LoadCertificate(OperatorCertificate));
        Assert.Equal(
            ["https://127.0.0.1:47201/", "https://127.0.0.1:47202/"],
            list.Find(ParticipantId.Parse("AL/NCP"))!.PeerEndpoints.Select(e => e.ToString()));
        Assert.Equal(["https://it.example:8443/"], list.Find(ParticipantId.Parse("IT/NCP"))!.PeerEndpoints.Select(e => e.ToString()));
        var shown = await CliRunner.RunAsync("trustlist", "show", "--in", output, "--operator-cert", OperatorCertificate);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("https://127.0.0.1:47201/,https://127.0.0.1:47202/", shown.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AL/NCP=https://127.0.0.1:47201,http://127.0.0.1:47202")]
    [InlineData("AL/NCP=https://127.0.0.1:47201,https://127.0.0.1:47201")]
    [InlineData("AL/NCP=https://127.0.0.1:47201,,https://127.0.0.1:47202")]
    public async Task A_bad_endpoint_is_refused_MALFORMED_and_nothing_is_written(string endpoints)
    {
        using var directory = new TempDirectory();
        var output = directory.File("replicas.p7s");

        var signed = await SignAsync(directory, output, "--endpoints", endpoints);

        Assert.True(signed.ExitCode == 1, signed.ToString());
        Assert.StartsWith("rejected: MALFORMED: ", signed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("XX/NOBODY=https://127.0.0.1:47201")]
    [InlineData("https://127.0.0.1:47201")]
    public async Task An_endpoint_for_no_participant_of_the_list_is_a_usage_error(string endpoints)
    {
        using var directory = new TempDirectory();
        var output = directory.File("replicas.p7s");

        var signed = await SignAsync(directory, output, "--endpoints", endpoints);

        Assert.True(signed.ExitCode == 2, signed.ToString());
        Assert.StartsWith("usage: --endpoints ", signed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>Exports the federation's list as JSON with <c>show --json</c>, then signs it again with the options given.</summary>
    private async Task<CliResult> SignAsync(TempDirectory directory, string output, params string[] options)
    {
        var json = await CliRunner.RunAsync("trustlist", "show", "--in", Path.Combine(federation.Root, "trustlist.p7s"), "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var input = directory.File("list.json");
        await File.WriteAllTextAsync(input, json.Out);
        return await CliRunner.RunAsync(
            ["trustlist", "sign", "--in", input, "--operator-cert", OperatorCertificate, "--operator-key", OperatorKey, "--out", output, .. options]);
    }
}
