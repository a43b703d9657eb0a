using System.CommandLine;
using System.Globalization;
using CrossBorder.Conformance.Vectors;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder conformance vectors</c>: writes the test vector set (a published test federation,
/// sealed envelopes, trust lists and CRLs with their expected outcomes, indexed in vectors.json).
/// </summary>
internal static class ConformanceVectorsCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the vectors into (must be empty, or use --force)", Required = true };
        var time = new Option<string?>("--time")
        {
            Description = $"Validation time of the vectors, ISO 8601 UTC such as {VectorGenerator.Format(VectorGenerator.DefaultTime)} (the default)",
        };
        var force = new Option<bool>("--force") { Description = "Replace the vectors of an earlier run in the folder (other files there are kept)" };
        var command = new DocumentedCommand(
            "vectors",
            "Write test vectors: a test federation whose private keys are published, and envelopes, trust lists and CRLs with their expected outcomes",
            "wrote <N> vectors in <G> groups to <DIR> (validation time <TIME>)\n" +
            "\n" +
            "The folder then holds vectors.json (the index) and federation/, envelopes/, trust-lists/, crls/.")
        {
            output, time, force,
        };
        command.SetAction(parse => Run(context, parse.GetRequiredValue(output), parse.GetValue(time), parse.GetValue(force)));
        return command;
    }

    public static int Run(CliContext context, string folder, string? timeText, bool force)
    {
        var time = ParseTime(timeText);
        if (File.Exists(folder))
        {
            throw new UsageException($"--out {folder} is a file, not a folder");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !force)
        {
            throw new UsageException($"--out {folder} is not empty; use --force to replace the vectors of an earlier run");
        }

        Directory.CreateDirectory(folder);
        var index = VectorGenerator.Write(folder, time);
        context.Out.WriteLine($"wrote {index.NumberOfTests} vectors in {index.TestGroups.Count} groups to {folder} (validation time {index.ValidationTime})");
        return ExitCodes.Ok;
    }

    private static DateTimeOffset ParseTime(string? text)
    {
        if (text is null)
        {
            return VectorGenerator.DefaultTime;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            || text.Length < "yyyy-MM-ddTHH:mm:ssZ".Length || time.Millisecond != 0)
        {
            throw new UsageException($"--time '{text}' must be an ISO 8601 instant to the second, such as {VectorGenerator.Format(VectorGenerator.DefaultTime)}");
        }

        return time;
    }
}
