namespace CrossBorder.Core.Policy;

/// <summary>One problem of a policy file, with where it is. Never carries a payload value.</summary>
/// <param name="File">The file name as given to the loader.</param>
/// <param name="Line">1-based line of the YAML node at fault; 0 when the file as a whole is at fault.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record PolicyError(string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Message}";
}
