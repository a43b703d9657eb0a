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
        var basePort = BasePortOption();
        var init = new Command("init", "Create the dev federation: CAs, participant and local certificates, trust list, gateway configs, client profiles")
        {
            output,
            force,
            basePort,
        };
        init.SetAction(parse => Init(context, new DevFederationLayout(parse.GetRequiredValue(output)), parse.GetValue(force), parse.GetValue(basePort)));
        return new Command("dev-pki", "Development PKI for a federation of gateways on loopback") { init };
    }

    /// <summary>The <c>--base-port</c> option: participant i listens on base+10i+1 (peer) and base+10i+2 (local).</summary>
    public static Option<int> BasePortOption()
    {
        var option = new Option<int>("--base-port")
        {
            Description = "Ports start here: participant i's peer face on base+10i+1, local face on base+10i+2",
            DefaultValueFactory = _ => DevFederationSpec.BasePort,
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && (!int.TryParse(result.Tokens[0].Value, out var value) || value is < 1024 or > 65000))
            {
                result.AddError("--base-port must be 1024 to 65000");
            }
        });
        return option;
    }

    public static int Init(CliContext context, DevFederationLayout layout, bool force, int basePort = DevFederationSpec.BasePort)
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

        new DevFederationBuilder(layout, context.Time, basePort).Build();
        context.Out.WriteLine($"dev federation created in {layout.Root}: {DevFederationSpec.Participants.Length} participants of {DevFederationSpec.Countries.Length} countries, trust list signed by the federation operator");
        foreach (var participant in DevFederationSpec.Participants)
        {
            context.Out.WriteLine($"  {participant.Id,-12} peer 127.0.0.1:{participant.PeerPortFrom(basePort)}  local 127.0.0.1:{participant.LocalPortFrom(basePort)}  local roles: {string.Join(", ", participant.LocalRoles.Select(r => r.Name))}");
        }

        return ExitCodes.Ok;
    }
}
