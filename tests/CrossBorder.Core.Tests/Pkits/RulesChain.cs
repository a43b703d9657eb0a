using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// A root, an intermediate and a signing leaf from <see cref="RulesPki"/>, a validator, and the
/// helpers the rule tests share.
/// </summary>
internal sealed class RulesChain : IDisposable
{
    public RulesChain()
    {
        Root = Pki.Issue(RulesPki.CaSpec("Rules Root"));
        Intermediate = Pki.Issue(RulesPki.CaSpec("Rules Intermediate"), Root);
        Leaf = Pki.Issue(RulesPki.LeafSpec("Rules Leaf"), Intermediate);
    }

    public RulesPki Pki { get; } = new();

    public PathValidator Validator { get; } = new();

    public TestCertificate Root { get; }

    public TestCertificate Intermediate { get; }

    public TestCertificate Leaf { get; }

    /// <summary><paramref name="leaf"/> to <see cref="Root"/> with <see cref="Intermediate"/> available, at <see cref="RulesPki.Now"/>.</summary>
    public PathValidationRequest Request(TestCertificate leaf) =>
        new(leaf.Certificate, [Root.Certificate], RulesPki.Now) { Intermediates = [Intermediate.Certificate] };

    public PathValidationResult Validate(PathValidationRequest request) => Validator.Validate(request);

    public PathValidationResult AssertRefused(ReasonCode expected, PathValidationRequest request)
    {
        var result = Validate(request);
        Assert.False(result.IsValid, "accepted");
        Assert.True(result.Check.Reason == expected, $"expected {expected.Name()}, got {result.Check.Reason.Name()}: {result.Check.Detail}");
        return result;
    }

    public void Dispose() => Pki.Dispose();
}
