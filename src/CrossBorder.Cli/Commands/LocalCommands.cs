using System.CommandLine;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Security;
using Grpc.Core;

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
        var profile = LocalChannel.ReadProfile(profilePath);
        using var channel = LocalChannel.Create(profile, context.Time, SchemaInfo.DefaultMaxEnvelopeBytes);
        var client = new LocalExchange.LocalExchangeClient(channel);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var answer = await client.WhoAmIAsync(new WhoAmIRequest(), cancellationToken: limit.Token).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"{answer.Participant} local role {answer.LocalRole}; may submit: " +
                $"{string.Join(", ", answer.MaySubmit.Select(ProtoEnumNames<MessageType>.Name))}; may read: " +
                $"{string.Join(", ", answer.MayRead.Select(ProtoEnumNames<MessageType>.Name))}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (RpcException ex)
        {
            var reason = ErrorStatus.ReasonOf(ex)?.Name() ?? "UNAVAILABLE";
            await context.Error.WriteLineAsync($"rejected: {reason}: the gateway at {profile.Gateway} refused or did not answer ({ex.StatusCode})").ConfigureAwait(false);
            return ExitCodes.Rejected;
        }
    }
}
