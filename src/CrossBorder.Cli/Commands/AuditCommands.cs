using System.CommandLine;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder audit verify</c>: recompute a gateway's audit hash chain and check it against its
/// signed checkpoints (stored, and kept elsewhere); <c>crossborder audit checkpoint export</c>: write
/// the stored checkpoints to a file to keep elsewhere.
/// </summary>
internal static class AuditCommands
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "The gateway's config file (JSON): its database is checked", Required = true };
        var supplied = new Option<string?>("--checkpoints") { Description = "A checkpoint file written by 'audit checkpoint export', kept elsewhere: the chain is checked against it too" };
        var verify = new Command("verify", "Recompute the audit trail's hash chain and check it against every signed checkpoint; exit 1 with AUDIT_BROKEN, the kind and the first entry affected") { config, supplied };
        verify.SetAction((parse, token) => VerifyAsync(context, parse.GetRequiredValue(config), parse.GetValue(supplied), token));

        var exportConfig = new Option<string>("--config") { Description = "The gateway's config file (JSON): its checkpoints are exported", Required = true };
        var output = new Option<string>("--out") { Description = "The file to write (JSON)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing file" };
        var export = new Command("export", "Write the gateway's signed audit checkpoints to a file, to keep somewhere the gateway cannot write") { exportConfig, output, force };
        export.SetAction((parse, token) => ExportAsync(context, parse.GetRequiredValue(exportConfig), parse.GetRequiredValue(output), parse.GetValue(force), token));

        return new Command("audit", "The gateway's hash-chained audit trail")
        {
            verify,
            new Command("checkpoint", "The signed checkpoints of the audit chain") { export },
        };
    }

    public static async Task<int> VerifyAsync(CliContext context, string configPath, string? checkpointsPath, CancellationToken cancellationToken)
    {
        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, probePorts: false);
        IReadOnlyList<AuditCheckpoint> supplied = [];
        if (checkpointsPath is not null)
        {
            var (participant, checkpoints) = AuditCheckpointFile.Read("--checkpoints", checkpointsPath);
            if (participant != runtime.Participant.ToString())
            {
                throw new UsageException($"--checkpoints {checkpointsPath}: {ReasonCode.SignerMismatch.Name()}: the checkpoints are of {participant}, the config of {runtime.Participant}");
            }

            supplied = checkpoints;
        }

        await using var store = await OpenAsync(runtime, cancellationToken).ConfigureAwait(false);
        var result = await AuditVerifier.VerifyAsync(store, store, runtime.AuditSigners(), supplied, cancellationToken).ConfigureAwait(false);
        if (result.FirstBroken is { } broken)
        {
            throw Reject.Because(ReasonCode.AuditBroken, $"the audit chain of {runtime.Participant} does not hold at entry {broken} of {result.Entries}: {result.Describe()}");
        }

        await context.Out.WriteLineAsync($"audit: {runtime.Participant}: {result.Entries} entries, hash chain intact, {result.Checkpoints} checkpoints verified").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    public static async Task<int> ExportAsync(CliContext context, string configPath, string outPath, bool force, CancellationToken cancellationToken)
    {
        var runtime = GatewayRuntimeLoader.Load(configPath, context.Time, probePorts: false);
        if (!force && File.Exists(outPath))
        {
            throw new UsageException($"--out {outPath} exists; use --force to replace it");
        }

        await using var store = await OpenAsync(runtime, cancellationToken).ConfigureAwait(false);
        var checkpoints = await store.CheckpointsAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
        var bytes = AuditCheckpointFile.Write(runtime.Participant.ToString(), checkpoints);
        if (force)
        {
            AtomicFile.Write(outPath, bytes);
        }
        else if (!AtomicFile.TryCreate(outPath, bytes))
        {
            throw new UsageException($"--out {outPath} exists; use --force to replace it");
        }

        var last = checkpoints.Count > 0 ? $", the last at entry {checkpoints[0].Sequence}" : "";
        await context.Out.WriteLineAsync($"audit: {runtime.Participant}: {checkpoints.Count} checkpoints exported to {outPath}{last}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<IMessageStore> OpenAsync(GatewayRuntime runtime, CancellationToken cancellationToken)
    {
        var path = runtime.Exchange.DatabasePath;
        if (runtime.Exchange.Postgres is null && !File.Exists(path))
        {
            throw Reject.Because(ReasonCode.NotFound, $"the gateway's database {path} does not exist (has the gateway run?)");
        }

        var store = runtime.Exchange.CreateStore(TimeProvider.System);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
