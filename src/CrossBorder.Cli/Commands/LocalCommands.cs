using System.CommandLine;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder local whoami</c>: a local client asks its gateway who it is taken for.</summary>
internal static class LocalCommands
{
    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "A client profile written by dev-pki init", Required = true };
        var whoami = new Command("whoami", "Ask the gateway which participant and local role it verified from our client certificate") { profile };
        whoami.SetAction((parse, token) => WhoAmIAsync(context, parse.GetRequiredValue(profile), token));
        return new Command("local", "Talk to a gateway's local face as a local client") { whoami };
    }

    private static async Task<int> WhoAmIAsync(CliContext context, string profilePath, CancellationToken cancellationToken)
    {
        using var gateway = LocalGateway.Open(profilePath, context.Time);
        var answer = await gateway.CallAsync(
            (client, options) => client.WhoAmIAsync(new WhoAmIRequest(), options), LocalGateway.ShortCall, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"{LocalGateway.Printable(answer.Participant)} local role {LocalGateway.Printable(answer.LocalRole)}; may submit: " +
            $"{string.Join(", ", answer.MaySubmit.Select(ProtoEnumNames<MessageType>.Name))}; may read: " +
            $"{string.Join(", ", answer.MayRead.Select(ProtoEnumNames<MessageType>.Name))}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
