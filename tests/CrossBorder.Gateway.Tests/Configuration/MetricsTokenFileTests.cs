using System.Security.Cryptography;
using System.Text;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>
/// The bearer token file of <c>/metrics</c>: made owner-only at the first start when none is
/// configured; a configured file that is missing, short, binary or several tokens stops startup
/// with the problem named, before anything listens.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class MetricsTokenFileTests(FederationFixture federation)
{
    [Fact]
    public void Without_a_setting_the_first_start_makes_an_owner_only_token_and_keeps_only_its_digest()
    {
        using var directory = new TempDirectory();

        var runtime = Load(directory, tokenFile: "");

        var path = Path.Combine(directory.File("data"), "ops", "metrics.token");
        var token = File.ReadAllText(path).Trim();
        Assert.True(token.Length >= 32, token.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token)), runtime.Ops.MetricsTokenSha256);
    }

    [Theory]
    [InlineData("short-token")]
    [InlineData("a token with spaces in the middle of it, long enough")]
    [InlineData("\u0000\u0001\u0002binary-bytes-binary-bytes-binary-bytes")]
    [InlineData("")]
    public void A_configured_token_file_that_is_not_one_printable_token_of_32_characters_stops_startup(string content)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("metrics.token"), content);

        var error = Assert.Throws<GatewayConfigurationException>(() => Load(directory, directory.File("metrics.token")));

        Assert.Contains(error.Problems, p => p.Contains("Ops.MetricsTokenFile:", StringComparison.Ordinal)
            && p.Contains("must hold one token of at least 32 printable characters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_token_file_that_does_not_exist_stops_startup()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<GatewayConfigurationException>(() => Load(directory, directory.File("missing.token")));

        Assert.Contains(error.Problems, p => p.Contains("Ops.MetricsTokenFile:", StringComparison.Ordinal) && p.Contains("does not exist", StringComparison.Ordinal));
    }

    private GatewayRuntime Load(TempDirectory directory, string tokenFile)
    {
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.DataDirectory = directory.File("data");
        options.Ops.MetricsTokenFile = tokenFile;
        return GatewayRuntimeLoader.Load(GatewayConfigs.Write(directory.Path, options), TimeProvider.System);
    }
}
