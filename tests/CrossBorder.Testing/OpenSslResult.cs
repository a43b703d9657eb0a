namespace CrossBorder.Testing;

/// <summary>What one <c>openssl</c> run printed and returned.</summary>
internal sealed record OpenSslResult(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError);
