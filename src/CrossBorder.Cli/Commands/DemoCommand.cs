using System.CommandLine;
using CrossBorder.Cli.DevPki;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Peers;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder demo</c>: the README's first command. Creates the dev federation if missing,
/// starts the AL/NCP and IT/NCP gateways as separate processes, has each ping the other over
/// mutual TLS and print the identity it verified, then stops both with SIGTERM.
/// </summary>
internal static class DemoCommand
{
    private static readonly ParticipantId[] Gateways = [ParticipantId.Parse("AL/NCP"), ParticipantId.Parse("IT/NCP")];
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(CliContext context)
    {
        var federation = new Option<string>("--federation")
        {
            Description = "The dev federation folder (created if missing)",
            DefaultValueFactory = _ => "certs-dev",
        };
        var demo = new Command("demo", "Start two gateways on loopback and show them verifying each other") { federation };
        demo.SetAction((parse, token) => RunAsync(context, new DevFederationLayout(parse.GetRequiredValue(federation)), token));
        return demo;
    }

    private static async Task<int> RunAsync(CliContext context, DevFederationLayout layout, CancellationToken cancellationToken)
    {
        var output = context.Out;
        DevPkiCommands.Init(context, layout, force: false);

        var runtimes = Gateways.ToDictionary(id => id, id => GatewayRuntimeLoader.Load(layout.GatewayConfig(id), context.Time));
        var processes = new List<(ParticipantId Id, GatewayProcess Process)>();
        try
        {
            foreach (var id in Gateways)
            {
                var log = Path.Combine(layout.ParticipantDirectory(id), "gateway.log");
                processes.Add((id, GatewayProcess.Start(layout.GatewayConfig(id), log)));
                await output.WriteLineAsync($"demo: started gateway {id} (peer face {runtimes[id].PeerListen}, log {log})").ConfigureAwait(false);
            }

            var failures = 0;
            foreach (var (self, peer) in new[] { (Gateways[0], Gateways[1]), (Gateways[1], Gateways[0]) })
            {
                var outcome = await PingWhenReadyAsync(context, runtimes[self], peer, processes, cancellationToken).ConfigureAwait(false);
                if (await GatewayCommands.ReportAsync(context, self, peer, outcome).ConfigureAwait(false) != ExitCodes.Ok)
                {
                    failures++;
                }
            }

            foreach (var (id, process) in processes)
            {
                var exit = await process.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                await output.WriteLineAsync($"demo: gateway {id} stopped on SIGTERM, exit code {exit}").ConfigureAwait(false);
                failures += exit == 0 ? 0 : 1;
            }

            await output.WriteLineAsync(failures == 0
                ? "demo: AL/NCP and IT/NCP verified each other over mutual TLS 1.3 and stopped cleanly"
                : $"demo: {failures} step(s) failed; see the gateway logs").ConfigureAwait(false);
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Rejected;
        }
        finally
        {
            foreach (var (_, process) in processes)
            {
                process.Dispose();
            }
        }
    }

    private static async Task<PingOutcome> PingWhenReadyAsync(
        CliContext context, GatewayRuntime runtime, ParticipantId peer, List<(ParticipantId Id, GatewayProcess Process)> processes, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        while (true)
        {
            var outcome = await PeerPinger.PingAsync(runtime, peer, null, context.Time, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            var givingUp = context.Time.GetElapsedTime(started) > ReadyTimeout || processes.Any(p => p.Process.HasExited);
            if (outcome.Succeeded || outcome.Reason is not null || outcome.Server is { IsAccepted: false } || givingUp)
            {
                return outcome;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
