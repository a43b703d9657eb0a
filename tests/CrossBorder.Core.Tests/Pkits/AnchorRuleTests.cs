using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// The anchor is checked like a CA certificate of the path (CRYPTO.md, <c>trust verify</c> semantics): validity, basic
/// constraints, key usage, critical extensions, its name constraints; and a path may end at any anchor.
/// </summary>
public sealed class AnchorRuleTests : IDisposable
{
    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public void A_path_may_end_at_an_anchor_that_is_not_self_signed()
    {
        var result = _chain.Validate(new PathValidationRequest(_chain.Leaf.Certificate, [_chain.Intermediate.Certificate], RulesPki.Now));

        Assert.True(result.IsValid, result.Check.Detail);
        Assert.Equal([_chain.Leaf.Certificate, _chain.Intermediate.Certificate], result.Path);
    }

    [Fact]
    public void Under_an_anchor_that_is_not_self_signed_only_the_certificates_below_it_need_a_crl()
    {
        var request = new PathValidationRequest(_chain.Leaf.Certificate, [_chain.Intermediate.Certificate], RulesPki.Now)
        {
            Crls = [RulesPki.CurrentCrl(_chain.Intermediate)],
        };

        var result = _chain.Validate(request);

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void An_expired_anchor_is_refused_as_expired()
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("Expired Root") with { NotBefore = RulesPki.Now.AddDays(-60), NotAfter = RulesPki.Now.AddDays(-1) });
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of Expired Root"), root);

        _chain.AssertRefused(ReasonCode.Expired, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Fact]
    public void An_anchor_without_key_cert_sign_is_refused_for_key_usage()
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("No KeyCertSign Root") with { KeyUsage = X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature });
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of No KeyCertSign Root"), root);

        _chain.AssertRefused(ReasonCode.KeyUsage, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Fact]
    public void An_anchor_without_key_usage_is_refused_for_key_usage()
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("No KeyUsage Root") with { KeyUsage = null });
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of No KeyUsage Root"), root);

        _chain.AssertRefused(ReasonCode.KeyUsage, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Theory]
    [InlineData(false, true)] // cA false
    [InlineData(true, false)] // basicConstraints not critical
    public void An_anchor_must_carry_critical_basic_constraints_with_ca(bool isCa, bool critical)
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("Weak Root") with { IsCa = isCa, BasicConstraintsCritical = critical });
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of Weak Root"), root);

        _chain.AssertRefused(ReasonCode.PathConstraint, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Fact]
    public void An_anchor_path_length_constraint_limits_the_intermediates_below_it()
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("PathLen0 Root") with { PathLength = 0 });
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("Below PathLen0 Root"), root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Below PathLen0"), intermediate);

        _chain.AssertRefused(ReasonCode.PathConstraint, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void An_anchor_with_an_unknown_critical_extension_is_refused()
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("Odd Root") with { UnknownCriticalExtension = true });
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of Odd Root"), root);

        _chain.AssertRefused(ReasonCode.CriticalExtension, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Theory]
    [InlineData("host.example.org", true)]
    [InlineData("host.example.com", false)]
    public void An_anchors_name_constraints_apply_to_the_path_below_it(string leafDns, bool valid)
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("Constrained Root") with { Extensions = [RulesExtensions.PermittedDns("example.org")] });
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("Below Constrained Root"), root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Constrained Leaf") with { DnsNames = [leafDns] }, intermediate);

        var result = _chain.Validate(new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now) { Intermediates = [intermediate.Certificate] });

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? ReasonCode.Unspecified : ReasonCode.PathConstraint, result.Check.Reason);
    }
}
