namespace CrossBorder.Core.Policy;

/// <summary>A policy that must not be put in force; <see cref="Exception.Message"/> lists every error.</summary>
public sealed class PolicyInvalidException : Exception
{
    /// <summary>Creates the exception from the loader's errors.</summary>
    public PolicyInvalidException(IReadOnlyList<PolicyError> errors)
        : base($"the policy is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, errors ?? [])}")
    {
        Errors = errors ?? [];
    }

    /// <summary>Every error, with file and line.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }
}
