using System.CommandLine;
using System.Data.Common;
using System.Security.Cryptography;
using CrossBorder.Cli.Commands;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Storage;

namespace CrossBorder.Cli;

/// <summary>
/// The <c>crossborder</c> command line. Every failure ends in one clear line and an exit code
/// (<see cref="ExitCodes"/>); no stack trace ever reaches the terminal.
/// </summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, new CliContext(Console.Out, Console.Error, TimeProvider.System), CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = new RootCommand("CrossBorder: secure cross-border case exchange gateway for the fight against human trafficking.")
        {
            DevPkiCommands.Create(context),
            GatewayCommands.Create(context),
            LocalCommands.Create(context),
            ExchangeCommands.CreateSend(context),
            NotifyCommand.Create(context),
            ExchangeCommands.CreateInbox(context),
            ExchangeCommands.CreateStatus(context),
            CmsCommands.Create(context),
            TrustCommands.Create(context),
            TrustListCommands.Create(context),
            PolicyCommands.Create(context),
            AuditCommands.Create(context),
            StoreCommands.Create(context),
            OpsCommands.Create(context),
            DemoCommand.Create(context),
            ConformanceCommands.Create(context),
        };

        DocumentedCommand.AddOutputToHelp(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"usage: {error.Message}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("see 'crossborder --help'").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Output = context.Out,
                Error = context.Error,
            };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (RejectedException ex)
        {
            await context.Error.WriteLineAsync(ex.ToRejectionLine()).ConfigureAwait(false);
            return ExitCodes.Rejected;
        }
        catch (UsageException ex)
        {
            await context.Error.WriteLineAsync($"usage: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (GatewayConfigurationException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (StoreSchemaException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (DbException ex)
        {
            // The database's own text is not shown: it can quote a statement or a value.
            var code = ex is Npgsql.PostgresException pg ? pg.SqlState : ex.SqlState ?? "no connection";
            await context.Error.WriteLineAsync(Reject.Because(ReasonCode.Unavailable, $"the database refused or did not answer ({code})").ToRejectionLine()).ConfigureAwait(false);
            return ExitCodes.Rejected;
        }
        catch (Exception ex) when (ex is CryptographicException)
        {
            await context.Error.WriteLineAsync("error: a certificate or key file could not be used").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
#pragma warning disable CA1031 // The last line of defence: no stack trace reaches the terminal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"error: unexpected internal failure ({ex.GetType().Name}); no details are shown").ConfigureAwait(false);
            return ExitCodes.Internal;
        }
    }
}
