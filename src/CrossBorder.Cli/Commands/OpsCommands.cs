using System.CommandLine;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Ops;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder ops login</c>: a one-time code to sign in to a gateway's console.</summary>
internal static class OpsCommands
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "The gateway's config file (JSON): the code is left in its data folder", Required = true };
        var login = new Command("login", "Make a one-time code to sign in to the gateway's operations console (run it where the gateway's data folder is)") { config };
        login.SetAction((parse, token) => LoginAsync(context, parse.GetRequiredValue(config), token));
        return new Command("ops", "The gateway's operations face: console, metrics, health") { login };
    }

    public static async Task<int> LoginAsync(CliContext context, string configPath, CancellationToken cancellationToken)
    {
        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, probePorts: false);
        var code = new OpsLogins(runtime.Ops.Folder, context.Time).Create(runtime.Ops.LoginLifetime);
        var address = OpsAddressFile.Read(runtime.Ops);
        var where = address is null
            ? "the console of the running gateway (its address is in its start line; this gateway has not started yet)"
            : $"{address}login";
        await context.Out.WriteLineAsync($"console: {where}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"one-time code (valid {runtime.Ops.LoginLifetime.TotalMinutes:0} minutes, once): {code}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
