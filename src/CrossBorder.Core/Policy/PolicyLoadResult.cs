namespace CrossBorder.Core.Policy;

/// <summary>The outcome of loading a policy: a policy in a valid state, or all its errors.</summary>
/// <param name="Policy">The policy, when there are no errors.</param>
/// <param name="Errors">Every problem found, by line.</param>
public sealed record PolicyLoadResult(MinimizationPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    /// <summary>The policy, or <see cref="PolicyInvalidException"/> listing every error.</summary>
    public MinimizationPolicy PolicyOrThrow() => Policy ?? throw new PolicyInvalidException(Errors);
}
