using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Name constraints as a strict validator reads them: no dNSName subtree with a leading period, a
/// wildcard name covers the names one label below it, and the work of checking is bounded.
/// </summary>
public sealed class NameConstraintRuleTests : IDisposable
{
    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Theory]
    [InlineData("example.com", true)]
    [InlineData(".example.com", false)]
    public void A_dns_name_constraint_with_a_leading_period_refuses_its_ca(string permitted, bool valid)
    {
        var intermediate = Constrained([permitted], []);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Without Dns Names"), intermediate);

        AssertOutcome(valid, Under(intermediate, leaf));
    }

    [Theory]
    [InlineData("www.example.com", true)]
    [InlineData("*.example.com", false)]
    public void A_wildcard_name_covering_an_excluded_name_is_a_path_constraint(string dnsName, bool valid)
    {
        var intermediate = Constrained([], ["secret.example.com"]);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Wildcard Leaf") with { DnsNames = [dnsName] }, intermediate);

        AssertOutcome(valid, Under(intermediate, leaf));
    }

    [Fact]
    public void Name_constraint_checking_beyond_its_bound_is_refused_with_path_limit()
    {
        // 1,024 permitted and 1,024 excluded subtrees against 2,048 names, every name permitted and none excluded.
        var permitted = Enumerable.Range(0, 1024).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i}.example.com")).ToList();
        var excluded = Enumerable.Range(0, 1024).Select(i => string.Create(CultureInfo.InvariantCulture, $"x{i}.example.org")).ToList();
        var names = Enumerable.Range(0, 2048).Select(i => string.Create(CultureInfo.InvariantCulture, $"n{i}.p0.example.com")).ToList();
        var intermediate = Constrained(permitted, excluded);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Many Names Leaf") with { DnsNames = names }, intermediate);

        _chain.AssertRefused(ReasonCode.PathLimit, Under(intermediate, leaf));
    }

    private TestCertificate Constrained(IReadOnlyList<string> permitted, IReadOnlyList<string> excluded) =>
        _chain.Pki.Issue(
            RulesPki.CaSpec("Name Constrained Intermediate") with { Extensions = [RulesExtensions.DnsNameConstraints(permitted, excluded, critical: true)] },
            _chain.Root);

    private PathValidationRequest Under(TestCertificate intermediate, TestCertificate leaf) =>
        new(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now) { Intermediates = [intermediate.Certificate] };

    private void AssertOutcome(bool valid, PathValidationRequest request)
    {
        if (valid)
        {
            var result = _chain.Validate(request);
            Assert.True(result.IsValid, result.Check.Detail);
        }
        else
        {
            _chain.AssertRefused(ReasonCode.PathConstraint, request);
        }
    }
}
