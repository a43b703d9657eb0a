using System.CommandLine;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Storage.Postgres;
using CrossBorder.Storage.Sqlite;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder store migrate</c>: bring a gateway's database to this version's schema, for
/// operators who upgrade the schema apart from starting the gateways (PostgreSQL with
/// <c>Postgres.MigrateAtStart</c> false, before upgrading the replicas one at a time).
/// </summary>
internal static class StoreCommands
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "The gateway's config file (JSON): its store is migrated", Required = true };
        var migrate = new Command("migrate", "Upgrade the gateway's database schema to this version's; running it again changes nothing. Prints the versions before and after") { config };
        migrate.SetAction((parse, token) => MigrateAsync(context, parse.GetRequiredValue(config), token));
        return new Command("store", "The gateway's database (SQLite file or PostgreSQL)") { migrate };
    }

    public static async Task<int> MigrateAsync(CliContext context, string configPath, CancellationToken cancellationToken)
    {
        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, probePorts: false);
        if (runtime.Exchange.Postgres is { } postgres)
        {
            await using var store = new PostgresMessageStore(postgres, context.Time);
            var (before, after) = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"store: {runtime.Participant}: {runtime.Exchange.StoreDescription}: schema version {before} -> {after}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await using (await SqliteMessageStore.OpenAsync(runtime.Exchange.DatabasePath, null, cancellationToken).ConfigureAwait(false))
        {
            await context.Out.WriteLineAsync($"store: {runtime.Participant}: {runtime.Exchange.StoreDescription}: schema version {SqliteMessageStore.SchemaVersion}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
