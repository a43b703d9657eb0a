using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrossBorder.Cli.Tests.Infrastructure;

namespace CrossBorder.Cli.Tests;

/// <summary><c>crossborder ops login</c> leaves a one-time code the running gateway's console accepts once, and says where to use it.</summary>
[Collection(SharedExchange.Name)]
public sealed partial class OpsLoginCliTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_printed_code_opens_the_running_gateways_console_once()
    {
        var data = _data.File("it");
        await using var italy = await federation.StartAsync("IT/NCP", data);
        var config = ConfigWith("IT/NCP", data, opsListen: null);

        var login = await CliRunner.RunAsync("ops", "login", "--config", config);

        Assert.True(login.ExitCode == 0, login.ToString());
        var printed = Printed().Match(login.Out);
        Assert.True(printed.Success, login.Out);
        Assert.Equal(italy.OpsAddress.Port, int.Parse(printed.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        using var browser = OpsBrowser.Of(italy);
        using (var signedIn = await browser.SignInAsync(printed.Groups["code"].Value))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using var second = OpsBrowser.Of(italy);
        using var again = await second.SignInAsync(printed.Groups["code"].Value);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        File.Delete(config);
    }

    [Fact]
    public async Task Before_the_gateway_ever_started_on_a_free_port_the_command_says_so_and_still_makes_a_code()
    {
        var config = ConfigWith("IT/NCP", _data.File("never-started"), opsListen: "127.0.0.1:0");

        var login = await CliRunner.RunAsync("ops", "login", "--config", config);

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("this gateway has not started yet", login.Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_data.File("never-started"), "ops", "logins"), "*.login"));
        File.Delete(config);
    }

    /// <summary>A copy of a participant's config (next to it, so relative paths hold) with another data folder.</summary>
    private string ConfigWith(string participant, string dataDirectory, string? opsListen)
    {
        var original = federation.ConfigPath(participant);
        var json = JsonNode.Parse(File.ReadAllText(original))!;
        json["CrossBorder"]!["Gateway"]!["DataDirectory"] = dataDirectory;
        if (opsListen is not null)
        {
            json["CrossBorder"]!["Gateway"]!["OpsListen"] = opsListen;
        }

        var copy = Path.Combine(Path.GetDirectoryName(original)!, $"gateway-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, json.ToJsonString());
        return copy;
    }

    [GeneratedRegex(@"^console: https://127\.0\.0\.1:(?<port>\d+)/login\none-time code \(valid 10 minutes, once\): (?<code>[A-Z2-7-]{39})\n$")]
    private static partial Regex Printed();
}
