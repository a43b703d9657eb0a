using System.CommandLine;
using CrossBorder.Cli.DevPki;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder dev-pki init</c>.</summary>
internal static class DevPkiCommands
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the dev federation",
            DefaultValueFactory = _ => "certs-dev",
        };
        var force = new Option<bool>("--force") { Description = "Recreate everything, replacing an existing federation" };
        var init = new Command("init", "Create the dev federation: CAs, participant and local certificates, trust list, gateway configs, client profiles")
        {
            output,
            force,
        };
        init.SetAction(parse => Init(context, new DevFederationLayout(parse.GetRequiredValue(output)), parse.GetValue(force)));
        return new Command("dev-pki", "Development PKI for a federation of gateways on loopback") { init };
    }

    public static int Init(CliContext context, DevFederationLayout layout, bool force)
    {
        if (File.Exists(layout.TrustList) && !force)
        {
            context.Out.WriteLine($"dev federation already exists in {layout.Root}; nothing changed (use --force to recreate it)");
            return ExitCodes.Ok;
        }

        foreach (var entry in layout.GeneratedEntries)
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else if (File.Exists(entry))
            {
                File.Delete(entry);
            }
        }

        new DevFederationBuilder(layout, context.Time).Build();
        context.Out.WriteLine($"dev federation created in {layout.Root}: {DevFederationSpec.Participants.Length} participants of {DevFederationSpec.Countries.Length} countries, trust list signed by the federation operator");
        foreach (var participant in DevFederationSpec.Participants)
        {
            context.Out.WriteLine($"  {participant.Id,-12} peer 127.0.0.1:{participant.PeerPort}  local 127.0.0.1:{participant.LocalPort}  local roles: {string.Join(", ", participant.LocalRoles.Select(r => r.Name))}");
        }

        return ExitCodes.Ok;
    }
}
