namespace CrossBorder.Cli;

/// <summary>What a command writes to and reads the time from; tests supply their own.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Time);
