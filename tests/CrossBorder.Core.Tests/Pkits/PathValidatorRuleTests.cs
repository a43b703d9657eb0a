using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// The rules CRYPTO.md adds to RFC 5280 (anchor checked like a CA, the profile's algorithms, depth,
/// purposes, revocation coverage) and the validator's guarantees (never throws, deterministic).
/// </summary>
public sealed class PathValidatorRuleTests : IDisposable
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly RulesPki _pki = new();
    private readonly PathValidator _validator = new();
    private readonly TestCertificate _root;
    private readonly TestCertificate _intermediate;
    private readonly TestCertificate _leaf;

    public PathValidatorRuleTests()
    {
        _root = _pki.Issue(RulesPki.CaSpec("Rules Root"));
        _intermediate = _pki.Issue(RulesPki.CaSpec("Rules Intermediate"), _root);
        _leaf = _pki.Issue(RulesPki.LeafSpec("Rules Leaf"), _intermediate);
    }

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void A_good_path_is_accepted_leaf_first_and_anchor_last()
    {
        var result = Validate(Request(_leaf) with { Purpose = CertificatePurpose.Signing });

        Assert.True(result.IsValid, result.Check.Detail);
        Assert.Equal([_leaf.Certificate, _intermediate.Certificate, _root.Certificate], result.Path);
    }

    [Fact]
    public void A_path_may_end_at_an_anchor_that_is_not_self_signed()
    {
        var result = Validate(new PathValidationRequest(_leaf.Certificate, [_intermediate.Certificate], RulesPki.Now));

        Assert.True(result.IsValid, result.Check.Detail);
        Assert.Equal([_leaf.Certificate, _intermediate.Certificate], result.Path);
    }

    [Fact]
    public void An_expired_anchor_is_refused_as_expired()
    {
        var root = _pki.Issue(RulesPki.CaSpec("Expired Root") with { NotBefore = RulesPki.Now.AddDays(-60), NotAfter = RulesPki.Now.AddDays(-1) });
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Of Expired Root"), root);

        AssertRefused(ReasonCode.Expired, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Fact]
    public void An_anchor_without_key_cert_sign_is_refused_for_key_usage()
    {
        var root = _pki.Issue(RulesPki.CaSpec("No KeyCertSign Root") with { KeyUsage = X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature });
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Of No KeyCertSign Root"), root);

        AssertRefused(ReasonCode.KeyUsage, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Fact]
    public void An_anchor_without_key_usage_is_refused_for_key_usage()
    {
        var root = _pki.Issue(RulesPki.CaSpec("No KeyUsage Root") with { KeyUsage = null });
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Of No KeyUsage Root"), root);

        AssertRefused(ReasonCode.KeyUsage, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Theory]
    [InlineData(false, true)] // cA false
    [InlineData(true, false)] // basicConstraints not critical
    public void An_anchor_must_carry_critical_basic_constraints_with_ca(bool isCa, bool critical)
    {
        var root = _pki.Issue(RulesPki.CaSpec("Weak Root") with { IsCa = isCa, BasicConstraintsCritical = critical });
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Of Weak Root"), root);

        AssertRefused(ReasonCode.PathConstraint, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Fact]
    public void An_anchor_path_length_constraint_limits_the_intermediates_below_it()
    {
        var root = _pki.Issue(RulesPki.CaSpec("PathLen0 Root") with { PathLength = 0 });
        var intermediate = _pki.Issue(RulesPki.CaSpec("Below PathLen0 Root"), root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Below PathLen0"), intermediate);

        AssertRefused(ReasonCode.PathConstraint, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void An_anchor_with_an_unknown_critical_extension_is_refused()
    {
        var root = _pki.Issue(RulesPki.CaSpec("Odd Root") with { UnknownCriticalExtension = true });
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Of Odd Root"), root);

        AssertRefused(ReasonCode.CriticalExtension, new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));
    }

    [Theory]
    [InlineData("host.example.org", true)]
    [InlineData("host.example.com", false)]
    public void An_anchors_name_constraints_apply_to_the_path_below_it(string leafDns, bool valid)
    {
        var root = _pki.Issue(RulesPki.CaSpec("Constrained Root") with { Extensions = [RulesPki.PermittedDns("example.org")] });
        var intermediate = _pki.Issue(RulesPki.CaSpec("Below Constrained Root"), root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Constrained Leaf") with { DnsNames = [leafDns] }, intermediate);

        var result = Validate(new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now) { Intermediates = [intermediate.Certificate] });

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? ReasonCode.Unspecified : ReasonCode.PathConstraint, result.Check.Reason);
    }

    [Fact]
    public void A_sha1_signed_intermediate_is_refused_by_the_profile()
    {
        var intermediate = _pki.Issue(RulesPki.CaSpec("SHA1 Intermediate"), _root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Under SHA1"), intermediate);
        using var sha1 = X509CertificateLoader.LoadCertificate(Sha1Resigner.Resign(intermediate.Certificate.RawData, (ECDsa)_root.Key));
        var request = new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now) { Intermediates = [sha1] };

        Assert.Equal("1.2.840.10045.4.1", sha1.SignatureAlgorithm.Value);
        Assert.True(Validate(request with { Intermediates = [intermediate.Certificate] }).IsValid);
        AssertRefused(ReasonCode.AlgRefused, request);
    }

    [Fact]
    public void An_rsa_1024_intermediate_is_refused_by_the_profile()
    {
        var intermediate = _pki.IssueRsa(RulesPki.CaSpec("RSA1024 Intermediate"), 1024, _root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Under RSA1024"), intermediate);

        AssertRefused(ReasonCode.AlgRefused, new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void An_rsa_2048_intermediate_signing_with_pkcs1_is_accepted()
    {
        var intermediate = _pki.IssueRsa(RulesPki.CaSpec("RSA2048 Intermediate"), 2048, _root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Under RSA2048"), intermediate);

        var result = Validate(new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now) { Intermediates = [intermediate.Certificate] });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(2, true)]
    [InlineData(1, false)]
    [InlineData(0, false)]
    public void Max_depth_counts_the_intermediates_between_leaf_and_anchor(int? maxDepth, bool valid)
    {
        var second = _pki.Issue(RulesPki.CaSpec("Second Intermediate"), _intermediate);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Deep Leaf"), second);
        var request = new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now)
        {
            Intermediates = [_intermediate.Certificate, second.Certificate],
            MaxDepth = maxDepth,
        };

        var result = Validate(request);

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? ReasonCode.Unspecified : ReasonCode.PathConstraint, result.Check.Reason);
    }

    [Fact]
    public void Max_depth_zero_accepts_a_leaf_issued_by_the_anchor()
    {
        var leaf = _pki.Issue(RulesPki.LeafSpec("Shallow Leaf"), _root);

        var result = Validate(new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now) { MaxDepth = 0 });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void Tls_client_needs_client_auth_in_the_eku()
    {
        AssertRefused(ReasonCode.KeyUsage, Request(_leaf) with { Purpose = CertificatePurpose.TlsClient });
    }

    [Fact]
    public void Signing_needs_digital_signature_or_non_repudiation()
    {
        var leaf = _pki.Issue(RulesPki.LeafSpec("Key Agreement Leaf") with { KeyUsage = X509KeyUsageFlags.KeyAgreement }, _intermediate);

        AssertRefused(ReasonCode.KeyUsage, Request(leaf) with { Purpose = CertificatePurpose.Signing });
        Assert.True(Validate(Request(leaf) with { Purpose = CertificatePurpose.Encryption }).IsValid);
    }

    [Fact]
    public void A_critical_eku_is_recognized_and_serves_its_purpose()
    {
        var leaf = _pki.Issue(RulesPki.LeafSpec("Critical EKU Leaf") with { KeyUsage = X509KeyUsageFlags.DigitalSignature, Ekus = [ClientAuth], EkuCritical = true }, _intermediate);

        var result = Validate(Request(leaf) with { Purpose = CertificatePurpose.TlsClient });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void Purpose_any_checks_no_leaf_usage()
    {
        var leaf = _pki.Issue(RulesPki.LeafSpec("Key Agreement Leaf") with { KeyUsage = X509KeyUsageFlags.KeyAgreement }, _intermediate);

        Assert.True(Validate(Request(leaf)).IsValid);
    }

    [Fact]
    public void An_unknown_critical_extension_on_the_leaf_is_refused()
    {
        var leaf = _pki.Issue(RulesPki.LeafSpec("Odd Leaf") with { UnknownCriticalExtension = true }, _intermediate);

        AssertRefused(ReasonCode.CriticalExtension, Request(leaf));
    }

    [Fact]
    public void An_unknown_critical_extension_on_an_intermediate_is_refused()
    {
        var intermediate = _pki.Issue(RulesPki.CaSpec("Odd Intermediate") with { UnknownCriticalExtension = true }, _root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Under Odd Intermediate"), intermediate);

        AssertRefused(ReasonCode.CriticalExtension, new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void An_intermediate_without_basic_constraints_is_a_path_constraint()
    {
        var intermediate = _pki.Issue(RulesPki.CaSpec("Not A CA") with { WithoutBasicConstraints = true }, _root);
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Under Not A CA"), intermediate);

        AssertRefused(ReasonCode.PathConstraint, new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void Without_crls_revocation_is_not_checked()
    {
        var result = Validate(Request(_leaf));

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void Crls_covering_every_certificate_but_the_anchor_validate()
    {
        var result = Validate(Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root), RulesPki.CurrentCrl(_intermediate)] });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void With_some_crls_a_certificate_left_uncovered_is_revocation_unknown()
    {
        AssertRefused(ReasonCode.RevocationUnknown, Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root)] });
    }

    [Fact]
    public void Revocation_required_without_any_crl_is_revocation_unknown()
    {
        AssertRefused(ReasonCode.RevocationUnknown, Request(_leaf) with { RevocationRequired = true });
    }

    [Fact]
    public void A_crl_past_its_next_update_is_revocation_unknown()
    {
        var stale = RulesPki.Crl(_intermediate, RulesPki.Now.AddDays(-10), RulesPki.Now.AddDays(-1));

        AssertRefused(ReasonCode.RevocationUnknown, Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root), stale] });
    }

    [Fact]
    public void A_crl_issued_after_the_validation_time_is_revocation_unknown()
    {
        var future = RulesPki.Crl(_intermediate, RulesPki.Now.AddDays(1), RulesPki.Now.AddDays(8));

        AssertRefused(ReasonCode.RevocationUnknown, Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root), future] });
    }

    [Fact]
    public void A_revoked_leaf_is_refused_as_revoked()
    {
        var crl = RulesPki.Crl(_intermediate, RulesPki.Now.AddDays(-1), RulesPki.Now.AddDays(7), _leaf.Certificate);

        AssertRefused(ReasonCode.Revoked, Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root), crl] });
    }

    [Fact]
    public void A_revoked_intermediate_is_refused_as_revoked()
    {
        var crl = RulesPki.Crl(_root, RulesPki.Now.AddDays(-1), RulesPki.Now.AddDays(7), _intermediate.Certificate);

        AssertRefused(ReasonCode.Revoked, Request(_leaf) with { Crls = [crl, RulesPki.CurrentCrl(_intermediate)] });
    }

    [Fact]
    public void A_sha1_signed_crl_is_refused_by_the_profile()
    {
        var sha1 = Sha1Resigner.Resign(RulesPki.CurrentCrl(_intermediate), (ECDsa)_intermediate.Key);

        AssertRefused(ReasonCode.AlgRefused, Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root), sha1] });
    }

    [Fact]
    public void A_malformed_crl_is_malformed_not_an_exception()
    {
        var truncated = RulesPki.CurrentCrl(_intermediate)[..40];

        AssertRefused(ReasonCode.Malformed, Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root), truncated] });
        AssertRefused(ReasonCode.Malformed, Request(_leaf) with { Crls = [[0x01, 0x02, 0x03]] });
        AssertRefused(ReasonCode.Malformed, Request(_leaf) with { Crls = [[]] });
    }

    [Fact]
    public void A_wrong_anchor_is_untrusted_with_no_path()
    {
        var other = _pki.Issue(RulesPki.CaSpec("Other Root"));

        var result = AssertRefused(ReasonCode.Untrusted, new PathValidationRequest(_leaf.Certificate, [other.Certificate], RulesPki.Now)
        {
            Intermediates = [_intermediate.Certificate],
        });
        Assert.Empty(result.Path);
    }

    [Fact]
    public void No_anchor_at_all_is_untrusted()
    {
        AssertRefused(ReasonCode.Untrusted, new PathValidationRequest(_leaf.Certificate, [], RulesPki.Now));
    }

    [Fact]
    public void A_leaf_signed_by_another_key_under_the_issuers_name_has_a_bad_signature()
    {
        var impostor = _pki.Issue(RulesPki.CaSpec("Rules Intermediate"), _root); // same name, other key
        var forged = _pki.Issue(RulesPki.LeafSpec("Forged Leaf"), impostor);

        AssertRefused(ReasonCode.BadSignature, Request(forged));
    }

    [Fact]
    public void Of_several_issuers_with_the_same_name_the_one_whose_key_verifies_is_found()
    {
        var rolledOver = _pki.Issue(RulesPki.CaSpec("Rules Intermediate"), _root); // key rollover: same name, new key
        var leaf = _pki.Issue(RulesPki.LeafSpec("Leaf Of New Key"), rolledOver);

        var result = Validate(new PathValidationRequest(leaf.Certificate, [_root.Certificate], RulesPki.Now)
        {
            Intermediates = [_intermediate.Certificate, rolledOver.Certificate],
        });

        Assert.True(result.IsValid, result.Check.Detail);
        Assert.Same(rolledOver.Certificate, result.Path[1]);
    }

    [Fact]
    public void A_leaf_not_yet_valid_is_refused_as_expired()
    {
        var leaf = _pki.Issue(RulesPki.LeafSpec("Future Leaf") with { NotBefore = RulesPki.Now.AddDays(1) }, _intermediate);

        AssertRefused(ReasonCode.Expired, Request(leaf));
    }

    [Fact]
    public void An_initial_policy_that_is_not_an_oid_is_malformed()
    {
        AssertRefused(ReasonCode.Malformed, Request(_leaf) with { Policy = new PolicySettings { InitialPolicies = ["not an oid"] } });
    }

    [Fact]
    public void The_same_request_gets_the_same_answer_from_any_validator()
    {
        var request = Request(_leaf) with { Crls = [RulesPki.CurrentCrl(_root)] };

        var first = _validator.Validate(request);
        var second = _validator.Validate(request);
        var fresh = new PathValidator().Validate(request);

        Assert.Equal(first.Check, second.Check);
        Assert.Equal(first.Check, fresh.Check);
        Assert.Equal(first.Path, fresh.Path);
    }

    private PathValidationRequest Request(TestCertificate leaf) =>
        new(leaf.Certificate, [_root.Certificate], RulesPki.Now) { Intermediates = [_intermediate.Certificate] };

    private PathValidationResult Validate(PathValidationRequest request) => _validator.Validate(request);

    private PathValidationResult AssertRefused(ReasonCode expected, PathValidationRequest request)
    {
        var result = Validate(request);
        Assert.False(result.IsValid, "accepted");
        Assert.True(result.Check.Reason == expected, $"expected {expected.Name()}, got {result.Check.Reason.Name()}: {result.Check.Detail}");
        return result;
    }
}
