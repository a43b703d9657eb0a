using System.Security.Cryptography;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Revocation: not checked without CRLs; with CRLs every certificate but the anchor must be covered by a current CRL
/// of its issuer; revoked, stale, future, SHA-1 and malformed CRLs.
/// </summary>
public sealed class RevocationRuleTests : IDisposable
{
    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public void Without_crls_revocation_is_not_checked()
    {
        var result = _chain.Validate(_chain.Request(_chain.Leaf));

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void Crls_covering_every_certificate_but_the_anchor_validate()
    {
        var result = _chain.Validate(_chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), RulesPki.CurrentCrl(_chain.Intermediate)] });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void A_validation_time_in_the_future_with_current_crls_is_revocation_unknown_and_valid_without_crls()
    {
        var request = _chain.Request(_chain.Leaf) with { ValidationTime = TimeProvider.System.GetUtcNow().AddHours(1) };

        _chain.AssertRefused(ReasonCode.RevocationUnknown, request with { Crls = [RulesPki.CurrentCrl(_chain.Root), RulesPki.CurrentCrl(_chain.Intermediate)] });
        Assert.True(_chain.Validate(request).IsValid);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void A_crl_without_a_crl_number_covers_nothing(bool withCrlNumber, bool valid)
    {
        var builder = TestCrlBuilder.By(_chain.Intermediate).Valid(RulesPki.Now.AddDays(-1), RulesPki.Now.AddDays(7));
        var crl = (withCrlNumber ? builder : builder.WithoutCrlNumber()).Build();
        var request = _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), crl] };

        if (valid)
        {
            var result = _chain.Validate(request);
            Assert.True(result.IsValid, result.Check.Detail);
        }
        else
        {
            _chain.AssertRefused(ReasonCode.RevocationUnknown, request);
        }
    }

    [Fact]
    public void With_some_crls_a_certificate_left_uncovered_is_revocation_unknown()
    {
        _chain.AssertRefused(ReasonCode.RevocationUnknown, _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root)] });
    }

    [Fact]
    public void Revocation_required_without_any_crl_is_revocation_unknown()
    {
        _chain.AssertRefused(ReasonCode.RevocationUnknown, _chain.Request(_chain.Leaf) with { RevocationRequired = true });
    }

    [Fact]
    public void A_crl_past_its_next_update_is_revocation_unknown()
    {
        var stale = RulesPki.Crl(_chain.Intermediate, RulesPki.Now.AddDays(-10), RulesPki.Now.AddDays(-1));

        _chain.AssertRefused(ReasonCode.RevocationUnknown, _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), stale] });
    }

    [Fact]
    public void A_crl_issued_after_the_validation_time_is_revocation_unknown()
    {
        var future = RulesPki.Crl(_chain.Intermediate, RulesPki.Now.AddDays(1), RulesPki.Now.AddDays(8));

        _chain.AssertRefused(ReasonCode.RevocationUnknown, _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), future] });
    }

    [Fact]
    public void A_revoked_leaf_is_refused_as_revoked()
    {
        var crl = RulesPki.Crl(_chain.Intermediate, RulesPki.Now.AddDays(-1), RulesPki.Now.AddDays(7), _chain.Leaf.Certificate);

        _chain.AssertRefused(ReasonCode.Revoked, _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), crl] });
    }

    [Fact]
    public void A_revoked_intermediate_is_refused_as_revoked()
    {
        var crl = RulesPki.Crl(_chain.Root, RulesPki.Now.AddDays(-1), RulesPki.Now.AddDays(7), _chain.Intermediate.Certificate);

        _chain.AssertRefused(ReasonCode.Revoked, _chain.Request(_chain.Leaf) with { Crls = [crl, RulesPki.CurrentCrl(_chain.Intermediate)] });
    }

    [Fact]
    public void A_sha1_signed_crl_is_refused_by_the_profile()
    {
        var sha1 = Sha1Resigner.Resign(RulesPki.CurrentCrl(_chain.Intermediate), (ECDsa)_chain.Intermediate.Key);

        _chain.AssertRefused(ReasonCode.AlgRefused, _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), sha1] });
    }

    [Fact]
    public void A_malformed_crl_is_malformed_not_an_exception()
    {
        var truncated = RulesPki.CurrentCrl(_chain.Intermediate)[..40];

        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(_chain.Leaf) with { Crls = [RulesPki.CurrentCrl(_chain.Root), truncated] });
        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(_chain.Leaf) with { Crls = [[0x01, 0x02, 0x03]] });
        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(_chain.Leaf) with { Crls = [[]] });
    }
}
