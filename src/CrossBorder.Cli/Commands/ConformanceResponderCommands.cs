using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using CrossBorder.Conformance.Responder;
using CrossBorder.Conformance.Target;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder conformance responder</c> and <c>report</c>: a reference peer that a partner's
/// sender delivers to, judging each message by the wire spec, and the printout of its verdicts.
/// </summary>
internal static class ConformanceResponderCommands
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public static Command Responder(CliContext context)
    {
        var profile = new Option<string>("--profile")
        {
            Description = "Conformance profile (JSON) of the participant to serve as, e.g. certs-dev/participants/al-ncp/conformance.json",
            Required = true,
        };
        var listen = new Option<IPEndPoint>("--listen")
        {
            Description = "Where to serve the peer face, HOST:PORT with an IP address, e.g. 127.0.0.1:47100 (the port the trust list names for the participant)",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                var colon = text.LastIndexOf(':');
                var host = colon > 0 ? text[..colon].Trim('[', ']') : "";
                if (colon > 0 && (IPAddress.TryParse(host, out var address) || (host == "localhost" && (address = IPAddress.Loopback) is not null))
                    && ushort.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
                {
                    return new IPEndPoint(address, port);
                }

                result.AddError($"--listen '{text}' must be HOST:PORT with an IP address, such as 127.0.0.1:47100");
                return null!;
            },
        };
        var verdicts = new Option<string>("--verdicts") { Description = "File the verdicts are appended to, one JSON line per delivered message", Required = true };
        var command = new DocumentedCommand(
            "responder",
            "Serve as a participant's peer face, answer a partner's deliveries as the wire spec says and record a verdict per message",
            "responder <participant> listening on <address>; verdicts to <file>\n" +
            "responder <participant> stopped                        on Ctrl+C or SIGTERM\n" +
            "\n" +
            "The verdicts file gets one JSON line per delivery (time, messageId, sender, messageType,\n" +
            "envelopeBytes, answer, verdict, checks with requirement, section, level, result, what).")
        {
            profile, listen, verdicts,
        };
        command.SetAction((parse, token) => ServeAsync(context, parse.GetRequiredValue(profile), parse.GetRequiredValue(listen), parse.GetRequiredValue(verdicts), token));
        return command;
    }

    public static Command Report(CliContext context)
    {
        var verdicts = new Option<string>("--verdicts") { Description = "The responder's verdicts file (it may still be running)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the lines" };
        var command = new DocumentedCommand(
            "report",
            "Print the responder's verdicts: a line per message and the checks it failed",
            "PASS|FAIL  <message id>  <sender>  <type>  <answer>      one line per message\n" +
            "    WS-x-y (section n) <what failed>                     one line per failed check\n" +
            "<N> messages, <M> passed, <K> failed\n" +
            "\n" +
            "With --json: one JSON document (verdicts, messages, passed, failed, mustFailed).\n" +
            "Exit code 1 when a MUST check failed.")
        {
            verdicts, json,
        };
        command.SetAction((parse, _) => ReportAsync(context, parse.GetRequiredValue(verdicts), parse.GetValue(json)));
        return command;
    }

    public static async Task<int> ServeAsync(CliContext context, string profilePath, IPEndPoint listen, string verdictsPath, CancellationToken cancellationToken)
    {
        var profile = LoadProfile(profilePath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });
        ReferenceResponder responder;
        try
        {
            responder = await ReferenceResponder.StartAsync(profile, listen, verdictsPath, context.Time, stop.Token).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        await using (responder.ConfigureAwait(false))
        {
            await context.Out.WriteLineAsync($"responder {responder.Participant} listening on {responder.Address}; verdicts to {verdictsPath}").ConfigureAwait(false);
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C, SIGTERM or the caller: stop cleanly below.
            }
        }

        await context.Out.WriteLineAsync($"responder {profile.Participant} stopped").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    public static async Task<int> ReportAsync(CliContext context, string verdictsPath, bool json)
    {
        if (!File.Exists(verdictsPath))
        {
            throw new UsageException($"verdicts file {verdictsPath} does not exist");
        }

        IReadOnlyList<DeliveryVerdict> verdicts;
        try
        {
            verdicts = VerdictFile.Read(verdictsPath);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (json)
        {
            await context.Out.WriteLineAsync(VerdictReport.Json(verdicts)).ConfigureAwait(false);
        }
        else
        {
            await VerdictReport.WriteTextAsync(context.Out, verdicts).ConfigureAwait(false);
        }

        return VerdictReport.MustFailed(verdicts) ? ExitCodes.Rejected : ExitCodes.Ok;
    }

    private static ConformanceProfile LoadProfile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"conformance profile {path} does not exist");
        }

        try
        {
            return ConformanceProfile.Load(path);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
