using System.CommandLine;
using CrossBorder.Cli.DevPki;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder demo</c>: the README's first command. Creates the dev federation if missing
/// (or if it is out of date), starts the AL/NCP, AL/CONSULAR and IT/NCP gateways as separate
/// processes with fresh SQLite stores, plays a victim-return story through their local faces
/// (<see cref="DemoStory"/>), prints the timeline, and ends with one summary line.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var federation = new Option<string>("--federation")
        {
            Description = "The dev federation folder (created if missing)",
            DefaultValueFactory = _ => "certs-dev",
        };
        var basePort = DevPkiCommands.BasePortOption();
        var keepRunning = new Option<bool>("--keep-running")
        {
            Description = "After the story, start the three gateways again and leave them up (until Ctrl-C) with each console's address and a one-time sign-in code",
        };
        var demo = new Command("demo", "Start three gateways on loopback and play a victim-return story through them; the summary line sums it up") { federation, basePort, keepRunning };
        demo.SetAction((parse, token) => RunAsync(context, new DevFederationLayout(parse.GetRequiredValue(federation)), parse.GetValue(basePort), parse.GetValue(keepRunning), token));
        return demo;
    }

    private static async Task<int> RunAsync(CliContext context, DevFederationLayout layout, int basePort, bool keepRunning, CancellationToken cancellationToken)
    {
        var fresh = IsUsable(layout, context.Time, basePort);
        if (!fresh && File.Exists(layout.TrustList))
        {
            await context.Out.WriteLineAsync($"demo: the dev federation in {layout.Root} is out of date (older format, other ports or trust list about to expire); recreating it").ConfigureAwait(false);
        }

        DevPkiCommands.Init(context, layout, force: !fresh && File.Exists(layout.TrustList), basePort);
        await using var story = new DemoStory(context, layout);
        var result = await story.PlayAsync(cancellationToken).ConfigureAwait(false);
        if (keepRunning)
        {
            await story.KeepRunningAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// The dev federation exists on these ports, publishes encryption certificates, is good for
    /// another day, and its gateways may cite every legal basis the story cites.
    /// </summary>
    private static bool IsUsable(DevFederationLayout layout, TimeProvider time, int basePort)
    {
        try
        {
            var list = TrustListCodec.Inspect(File.ReadAllBytes(layout.TrustList));
            return list.NextUpdate > time.GetUtcNow().AddDays(1)
                && list.Participants.Values.All(p => p.EncryptionCertificates.Count > 0)
                && list.Participants.Values.All(p => p.PeerEndpoint.Port > basePort && p.PeerEndpoint.Port < basePort + 100)
                && File.Exists(layout.GatewayConfig(ParticipantId.Parse("AL/CONSULAR")))
                && GatewayRuntimeLoader.ReadOptions(layout.GatewayConfig(ParticipantId.Parse("AL/CONSULAR"))).OpsListen != new GatewayOptions().OpsListen
                && DevFederationSpec.LegalBases.All(GatewayRuntimeLoader.ReadOptions(layout.GatewayConfig(ParticipantId.Parse("IT/NCP"))).LegalBases.Contains);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Core.Errors.RejectedException or GatewayConfigurationException)
        {
            return false;
        }
    }
}
