using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CrossBorder.Cli;

/// <summary>
/// A command whose help ends with an <c>Output:</c> section describing what it prints, so that
/// scripts know the format; the command lists show only its one-line description.
/// </summary>
internal sealed class DocumentedCommand(string name, string description, string output) : Command(name, description)
{
    /// <summary>What the command prints, one help line per line.</summary>
    public string Output { get; } = output;

    /// <summary>Makes the root's help option add the <c>Output:</c> section of a documented command.</summary>
    public static void AddOutputToHelp(RootCommand root)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction standard } help)
        {
            help.Action = new HelpWithOutput(standard);
        }
    }

    /// <summary>The standard help, then the output section of a <see cref="DocumentedCommand"/>.</summary>
    private sealed class HelpWithOutput(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standard.Invoke(parseResult);
            if (parseResult.CommandResult.Command is DocumentedCommand documented)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Output:");
                foreach (var line in documented.Output.Split('\n'))
                {
                    output.WriteLine(line.Length == 0 ? "" : "  " + line);
                }

                output.WriteLine();
            }

            return exitCode;
        }
    }
}
