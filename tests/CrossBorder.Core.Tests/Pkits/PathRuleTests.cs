using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Path building and RFC 5280 basics through the validator: the path returned, depth, critical extensions, basic
/// constraints, signatures, key rollover, untrusted and malformed inputs, determinism.
/// </summary>
public sealed class PathRuleTests : IDisposable
{
    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public void A_good_path_is_accepted_leaf_first_and_anchor_last()
    {
        var result = _chain.Validate(_chain.Request(_chain.Leaf) with { Purpose = CertificatePurpose.Signing });

        Assert.True(result.IsValid, result.Check.Detail);
        Assert.Equal([_chain.Leaf.Certificate, _chain.Intermediate.Certificate, _chain.Root.Certificate], result.Path);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(2, true)]
    [InlineData(1, false)]
    [InlineData(0, false)]
    public void Max_depth_counts_the_intermediates_between_leaf_and_anchor(int? maxDepth, bool valid)
    {
        var second = _chain.Pki.Issue(RulesPki.CaSpec("Second Intermediate"), _chain.Intermediate);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Deep Leaf"), second);
        var request = new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now)
        {
            Intermediates = [_chain.Intermediate.Certificate, second.Certificate],
            MaxDepth = maxDepth,
        };

        var result = _chain.Validate(request);

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? ReasonCode.Unspecified : ReasonCode.PathConstraint, result.Check.Reason);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void Max_depth_does_not_count_a_self_issued_intermediate(int maxDepth, bool valid)
    {
        // Key rollover: the intermediate's new key certified under its old one, same name (RFC 5280 6.1.4 (l)).
        var rolledOver = _chain.Pki.Issue(RulesPki.CaSpec("Rules Intermediate"), _chain.Intermediate);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of Rolled Over Key"), rolledOver);
        var request = new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now)
        {
            Intermediates = [_chain.Intermediate.Certificate, rolledOver.Certificate],
            MaxDepth = maxDepth,
        };

        var result = _chain.Validate(request);

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? ReasonCode.Unspecified : ReasonCode.PathConstraint, result.Check.Reason);
        if (valid)
        {
            Assert.Equal([leaf.Certificate, rolledOver.Certificate, _chain.Intermediate.Certificate, _chain.Root.Certificate], result.Path);
        }
    }

    [Fact]
    public void Max_depth_zero_accepts_a_leaf_issued_by_the_anchor()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Shallow Leaf"), _chain.Root);

        var result = _chain.Validate(new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now) { MaxDepth = 0 });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void An_unknown_critical_extension_on_the_leaf_is_refused()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Odd Leaf") with { UnknownCriticalExtension = true }, _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.CriticalExtension, _chain.Request(leaf));
    }

    [Fact]
    public void An_unknown_critical_extension_on_an_intermediate_is_refused()
    {
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("Odd Intermediate") with { UnknownCriticalExtension = true }, _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under Odd Intermediate"), intermediate);

        _chain.AssertRefused(ReasonCode.CriticalExtension, new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void An_intermediate_without_basic_constraints_is_a_path_constraint()
    {
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("Not A CA") with { WithoutBasicConstraints = true }, _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under Not A CA"), intermediate);

        _chain.AssertRefused(ReasonCode.PathConstraint, new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void A_wrong_anchor_is_untrusted_with_no_path()
    {
        var other = _chain.Pki.Issue(RulesPki.CaSpec("Other Root"));

        var result = _chain.AssertRefused(ReasonCode.Untrusted, new PathValidationRequest(_chain.Leaf.Certificate, [other.Certificate], RulesPki.Now)
        {
            Intermediates = [_chain.Intermediate.Certificate],
        });
        Assert.Empty(result.Path);
    }

    [Fact]
    public void No_anchor_at_all_is_untrusted()
    {
        _chain.AssertRefused(ReasonCode.Untrusted, new PathValidationRequest(_chain.Leaf.Certificate, [], RulesPki.Now));
    }

    [Fact]
    public void A_leaf_signed_by_another_key_under_the_issuers_name_has_a_bad_signature()
    {
        var impostor = _chain.Pki.Issue(RulesPki.CaSpec("Rules Intermediate"), _chain.Root); // same name, other key
        var forged = _chain.Pki.Issue(RulesPki.LeafSpec("Forged Leaf"), impostor);

        _chain.AssertRefused(ReasonCode.BadSignature, _chain.Request(forged));
    }

    [Fact]
    public void Of_several_issuers_with_the_same_name_the_one_whose_key_verifies_is_found()
    {
        var rolledOver = _chain.Pki.Issue(RulesPki.CaSpec("Rules Intermediate"), _chain.Root); // key rollover: same name, new key
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of New Key"), rolledOver);

        var result = _chain.Validate(new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now)
        {
            Intermediates = [_chain.Intermediate.Certificate, rolledOver.Certificate],
        });

        Assert.True(result.IsValid, result.Check.Detail);
        Assert.Same(rolledOver.Certificate, result.Path[1]);
    }

    [Fact]
    public void A_leaf_not_yet_valid_is_refused_as_expired()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Future Leaf") with { NotBefore = RulesPki.Now.AddDays(1) }, _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.Expired, _chain.Request(leaf));
    }

    [Fact]
    public void An_initial_policy_that_is_not_an_oid_is_malformed()
    {
        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(_chain.Leaf) with { Policy = new PolicySettings { InitialPolicies = ["not an oid"] } });
    }

    [Fact]
    public void The_same_request_gets_the_same_answer_from_any_validator()
    {
        var request = _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root)] };

        var first = _chain.Validator.Validate(request);
        var second = _chain.Validator.Validate(request);
        var fresh = new PathValidator().Validate(request);

        Assert.Equal(first.Check, second.Check);
        Assert.Equal(first.Check, fresh.Check);
        Assert.Equal(first.Path, fresh.Path);
    }
}
