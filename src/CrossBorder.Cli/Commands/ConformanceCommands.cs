using System.CommandLine;
using System.Globalization;
using CrossBorder.Conformance;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Reports;
using CrossBorder.Conformance.Target;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder conformance run</c>: the wire-spec conformance harness against a gateway's peer face.</summary>
internal static class ConformanceCommands
{
    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile")
        {
            Description = "Conformance profile (JSON) of a participant the target trusts, e.g. certs-dev/participants/it-ncp/conformance.json",
            Required = true,
        };
        var target = new Option<Uri>("--target")
        {
            Description = "The target's peer face as HOST:PORT, e.g. 127.0.0.1:47101",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate($"https://{text}", UriKind.Absolute, out var uri) && !uri.IsDefaultPort && uri.AbsolutePath == "/" && text.Contains(':', StringComparison.Ordinal))
                {
                    return uri;
                }

                result.AddError($"--target '{text}' must be HOST:PORT such as 127.0.0.1:47101");
                return null!;
            },
        };
        var only = new Option<int?>("--only") { Description = "Run only the cases of this wire-spec section (1 to 13)" };
        only.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } section && !SectionTitles.Exists(section))
            {
                result.AddError($"--only {section.ToString(CultureInfo.InvariantCulture)} is not a section of the wire spec (1 to 13)");
            }
        });
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file (one testcase per case, classname = section)" };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON document instead of the lines" };
        var run = new DocumentedCommand(
            "run",
            "Play a sender against a gateway's peer face with a trusted participant's credentials and judge every answer by the wire spec",
            "PASS|FAIL|SKIP  <section>  <case id>  expected ..., saw ...      one line per case\n" +
            "<N> passed, <M> failed, <K> skipped\n" +
            "\n" +
            "With --json: one JSON document (sender, address, target, cases with id, section, requirement,\n" +
            "level, status, expectation, expected, saw; the counts). Exit code 1 when a MUST case failed.")
        {
            profile, target, only, junit, json,
        };
        run.SetAction((parse, token) => RunAsync(context, parse.GetRequiredValue(profile), parse.GetRequiredValue(target), parse.GetValue(only), parse.GetValue(junit), parse.GetValue(json), token));
        return new Command("conformance", "Conformance of a gateway's peer face to the wire spec (docs/wire-spec.md)") { run, ConformanceResponderCommands.Responder(context), ConformanceResponderCommands.Report(context), ConformanceVectorsCommand.Create(context) };
    }

    public static async Task<int> RunAsync(CliContext context, string profilePath, Uri target, int? only, string? junitPath, bool json, CancellationToken cancellationToken)
    {
        ConformanceProfile profile;
        try
        {
            profile = ConformanceProfile.Load(profilePath);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        SenderCredentials credentials;
        try
        {
            credentials = SenderCredentials.Load(profile);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        using (credentials)
        {
            var report = await ConformanceRunner.RunAsync(credentials, target, only, context.Time, cancellationToken).ConfigureAwait(false);
            if (junitPath is not null)
            {
                var file = File.Create(junitPath);
                await using (file.ConfigureAwait(false))
                {
                    await JunitReport.WriteAsync(file, report, cancellationToken).ConfigureAwait(false);
                }
            }

            if (json)
            {
                await context.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(JsonReport.Build(report))).ConfigureAwait(false);
            }
            else
            {
                await TextReport.WriteAsync(context.Out, report).ConfigureAwait(false);
            }

            return report.MustFailed ? ExitCodes.Rejected : ExitCodes.Ok;
        }
    }
}
