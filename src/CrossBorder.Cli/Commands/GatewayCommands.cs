using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Ops;
using CrossBorder.Gateway.Peers;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder gateway run|ping|health</c>.</summary>
internal static class GatewayCommands
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "The gateway's config file (JSON)", Required = true };
        var run = new Command("run", "Run a gateway: peer, local and operations faces, until SIGTERM or Ctrl-C") { config };
        run.SetAction((parse, token) => RunAsync(context, parse.GetRequiredValue(config), token));

        var pingConfig = new Option<string>("--config") { Description = "The config file of the gateway whose identity pings", Required = true };
        var peer = new Option<string>("--peer") { Description = "The participant to ping, e.g. IT/NCP", Required = true };
        var address = new Option<Uri?>("--address")
        {
            Description = "Dial this https address instead of the trust list's (first) endpoint, e.g. another endpoint of the same participant",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
                {
                    return uri;
                }

                result.AddError($"--address '{text}' must be an absolute https URL such as https://127.0.0.1:47101");
                return null;
            },
        };
        var ping = new Command("ping", "Ping another participant's gateway over mutual TLS with this gateway's identity and show who each side verified")
        {
            pingConfig,
            peer,
            address,
        };
        ping.SetAction((parse, token) => PingAsync(context, parse.GetRequiredValue(pingConfig), parse.GetRequiredValue(peer), parse.GetValue(address), token));

        var healthConfig = new Option<string>("--config") { Description = "The config file of the running gateway to ask", Required = true };
        var health = new Command("health", "Ask the running gateway's operations face whether it is SERVING; exit 0 when it is, 1 when not") { healthConfig };
        health.SetAction((parse, token) => HealthAsync(context, parse.GetRequiredValue(healthConfig), token));

        return new Command("gateway", "Run or probe a gateway") { run, ping, health };
    }

    public static async Task<int> RunAsync(CliContext context, string configPath, CancellationToken cancellationToken)
    {
        // Logs go to stderr, one line each; stdout carries only the ready and stopped lines.
        static void ConsoleLogging(ILoggingBuilder logging) => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            })
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        using var loggers = LoggerFactory.Create(ConsoleLogging);
        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, loggers: loggers);
        await using var host = GatewayHost.Create(runtime, context.Time, ConsoleLogging);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });

        await host.StartAsync(stop.Token).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"gateway {runtime.Participant} ready: peer face {host.PeerAddress} local face {host.LocalAddress} ops face {host.OpsAddress}").ConfigureAwait(false);
        await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, Ctrl-C or the caller: stop cleanly below.
        }

        using var stopLimit = new CancellationTokenSource(StopTimeout, context.Time);
        await host.StopAsync(stopLimit.Token).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"gateway {runtime.Participant} stopped").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    public static async Task<int> PingAsync(CliContext context, string configPath, string peerText, Uri? address, CancellationToken cancellationToken)
    {
        if (!ParticipantId.TryParse(peerText, out var peer))
        {
            await context.Error.WriteLineAsync($"usage: --peer '{peerText}' must look like IT/NCP").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, probePorts: false);
        var outcome = await PeerPinger.PingAsync(runtime, peer, address, context.Time, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return await ReportAsync(context, runtime.Participant, peer, outcome).ConfigureAwait(false);
    }

    /// <summary>Prints the gateway's health as <c>/healthz</c> says it: SERVING, or NOT_SERVING and a line per reason code.</summary>
    public static async Task<int> HealthAsync(CliContext context, string configPath, CancellationToken cancellationToken)
    {
        var (address, server) = OpsHealthClient.Target(configPath, context.Time);
        using (server)
        {
            if (address is null)
            {
                await context.Error.WriteLineAsync("rejected: UNAVAILABLE: the gateway has not written the address of its operations face: it has not started (see its start line)").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }

            var answer = await OpsHealthClient.AskAsync(address, server, context.Time, cancellationToken).ConfigureAwait(false);
            switch (answer.Status)
            {
                case HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable:
                    await context.Out.WriteAsync(answer.Body).ConfigureAwait(false);
                    return answer.Status == HttpStatusCode.OK ? ExitCodes.Ok : ExitCodes.Rejected;
                case null:
                    await context.Error.WriteLineAsync($"rejected: UNAVAILABLE: the gateway's operations face at {address} did not answer ({answer.Failure}): is the gateway running?").ConfigureAwait(false);
                    return ExitCodes.Rejected;
                default:
                    await context.Error.WriteLineAsync($"rejected: UNAVAILABLE: the operations face at {address} answered {(int)answer.Status.Value} to /healthz").ConfigureAwait(false);
                    return ExitCodes.Rejected;
            }
        }
    }

    public static async Task<int> ReportAsync(CliContext context, ParticipantId self, ParticipantId peer, PingOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            await context.Out.WriteLineAsync(
                $"{self} -> {peer}: verified server {outcome.Server!.Participant} (TLS 1.3, chain to the {outcome.Server.Participant!.Country} anchor); " +
                $"server {outcome.Response!.Responder} verified us as {outcome.Response.VerifiedCaller}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var line = outcome switch
        {
            { Server: { IsAccepted: false } server } => $"rejected: {server.Reason.Name()}: server certificate refused: {server.Detail}",
            { Reason: { } reason } => $"rejected: {reason.Name()}: refused by {peer}",
            _ => $"rejected: UNAVAILABLE: no answer from {peer} ({outcome.Failure}); a refused client certificate also shows as this: see the peer's log",
        };
        await context.Error.WriteLineAsync(line).ConfigureAwait(false);
        return ExitCodes.Rejected;
    }
}
