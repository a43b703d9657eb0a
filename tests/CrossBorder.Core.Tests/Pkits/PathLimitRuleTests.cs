using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Path building is bounded: too many untrusted certificates, too many signature checks among
/// issuers sharing a name, a path too deep; each refused at once with PATH_LIMIT.
/// </summary>
public sealed class PathLimitRuleTests : IDisposable
{
    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public void A_leaf_with_a_bag_of_350_certificates_named_alike_is_refused_with_path_limit()
    {
        var bag = Bag(350);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Bag Leaf"), bag[0]);

        _chain.AssertRefused(ReasonCode.PathLimit, Request(leaf, bag.Select(c => c.Certificate)));
    }

    [Fact]
    public void Issuers_sharing_a_name_beyond_the_signature_check_bound_are_refused_with_path_limit()
    {
        // Within the bound on untrusted certificates, but every one a candidate issuer of every other.
        var bag = Bag(PathLimits.MaxUntrustedCertificates - 4);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Bag Leaf"), bag[0]);

        _chain.AssertRefused(ReasonCode.PathLimit, Request(leaf, bag.Select(c => c.Certificate)));
    }

    [Theory]
    [InlineData(PathLimits.MaxIntermediates, true)]
    [InlineData(PathLimits.MaxIntermediates + 1, false)]
    public void A_path_deeper_than_the_bound_is_refused_with_path_limit(int depth, bool valid)
    {
        var issuer = _chain.Root;
        var intermediates = new List<X509Certificate2>();
        for (var i = 0; i < depth; i++)
        {
            issuer = _chain.Pki.Issue(RulesPki.CaSpec(string.Create(CultureInfo.InvariantCulture, $"Level {i}")), issuer);
            intermediates.Add(issuer.Certificate);
        }

        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Deep Leaf"), issuer);
        var request = Request(leaf, intermediates);

        if (valid)
        {
            var result = _chain.Validate(request);
            Assert.True(result.IsValid, result.Check.Detail);
        }
        else
        {
            _chain.AssertRefused(ReasonCode.PathLimit, request);
        }
    }

    /// <summary>Self-signed CA certificates all named <c>CN=X</c>, each with its own key.</summary>
    private List<TestCertificate> Bag(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => _chain.Pki.Issue(new CertificateSpec("CN=X")
        {
            IsCa = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }))];

    private PathValidationRequest Request(TestCertificate leaf, IEnumerable<X509Certificate2> untrusted) =>
        new(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now) { Intermediates = [.. untrusted] };
}
