using System.CommandLine;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Storage.Sqlite;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder audit verify</c>: recompute a gateway's audit hash chain.</summary>
internal static class AuditCommands
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "The gateway's config file (JSON): its database is checked", Required = true };
        var verify = new Command("verify", "Recompute the audit trail's hash chain from the first entry; exit 1 with AUDIT_BROKEN at the first entry that does not hold") { config };
        verify.SetAction((parse, token) => VerifyAsync(context, parse.GetRequiredValue(config), token));
        return new Command("audit", "The gateway's hash-chained audit trail") { verify };
    }

    public static async Task<int> VerifyAsync(CliContext context, string configPath, CancellationToken cancellationToken)
    {
        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, probePorts: false);
        var path = runtime.Exchange.DatabasePath;
        if (!File.Exists(path))
        {
            throw Reject.Because(ReasonCode.NotFound, $"the gateway's database {path} does not exist (has the gateway run?)");
        }

        await using var store = new SqliteMessageStore(path, new SqliteStoreOptions());
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var result = await store.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
        if (result.FirstBroken is { } broken)
        {
            throw Reject.Because(ReasonCode.AuditBroken, $"the audit chain of {runtime.Participant} does not hold at entry {broken} of {result.Entries}");
        }

        await context.Out.WriteLineAsync($"audit: {runtime.Participant}: {result.Entries} entries, hash chain intact").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
