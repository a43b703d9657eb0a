namespace CrossBorder.Cli.Commands;

/// <summary>A usage problem: the CLI prints its message and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
