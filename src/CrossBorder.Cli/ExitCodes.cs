namespace CrossBorder.Cli;

/// <summary>Exit codes of every command (CRYPTO.md's interop surface).</summary>
internal static class ExitCodes
{
    /// <summary>Done, valid, accepted.</summary>
    public const int Ok = 0;

    /// <summary>Rejected or invalid input: one line <c>rejected: CODE: reason</c> on stderr.</summary>
    public const int Rejected = 1;

    /// <summary>Usage errors, unreadable files, invalid configuration.</summary>
    public const int Usage = 2;

    /// <summary>An unexpected internal failure; no details are shown.</summary>
    public const int Internal = 3;
}
