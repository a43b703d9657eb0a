using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// The RFC 5280 section 4 profile a strict validator holds every certificate to, beyond what
/// BouncyCastle checks: serial numbers, key identifiers, where and how name and policy constraints
/// may appear, key usage and extended key usage of the end entity.
/// </summary>
public sealed class CertificateProfileRuleTests : IDisposable
{
    private const string ExtendedKeyUsageOid = "2.5.29.37";
    private const string PolicyConstraintsOid = "2.5.29.36";

    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Theory]
    [InlineData(1, true)]
    [InlineData(20, true)]
    [InlineData(21, false)]
    public void A_serial_number_longer_than_20_octets_is_malformed(int octets, bool valid)
    {
        var serial = new byte[octets];
        serial[0] = 0x01;
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Serial Leaf") with { Serial = serial }, _chain.Intermediate);

        AssertOutcome(valid, ReasonCode.Malformed, _chain.Request(leaf));
    }

    [Fact]
    public void A_serial_number_of_zero_is_malformed()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Zero Serial Leaf") with { Serial = [0x00] }, _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(leaf));
    }

    [Fact]
    public void A_certificate_that_is_not_self_signed_without_an_authority_key_identifier_is_malformed()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("No AKI Leaf") with { WithoutAuthorityKeyIdentifier = true }, _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(leaf));
    }

    [Fact]
    public void A_self_signed_anchor_without_an_authority_key_identifier_is_accepted()
    {
        var root = _chain.Pki.Issue(RulesPki.CaSpec("No AKI Root") with { WithoutAuthorityKeyIdentifier = true });
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Of No AKI Root"), root);

        var result = _chain.Validate(new PathValidationRequest(leaf.Certificate, [root.Certificate], RulesPki.Now));

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void A_ca_without_a_subject_key_identifier_is_malformed()
    {
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("No SKI Intermediate") with { WithoutSubjectKeyIdentifier = true }, _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under No SKI Intermediate"), intermediate);

        _chain.AssertRefused(ReasonCode.Malformed, Under(intermediate, leaf));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_key_identifier_marked_critical_is_malformed(bool authority)
    {
        var spec = RulesPki.LeafSpec("Critical Key Id Leaf");
        spec = authority ? spec with { AuthorityKeyIdentifierCritical = true } : spec with { SubjectKeyIdentifierCritical = true };
        var leaf = _chain.Pki.Issue(spec, _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.Malformed, _chain.Request(leaf));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Name_constraints_not_marked_critical_are_a_path_constraint(bool critical, bool valid)
    {
        var intermediate = _chain.Pki.Issue(
            RulesPki.CaSpec("Constraining Intermediate") with { Extensions = [RulesExtensions.DnsNameConstraints(["example.org"], [], critical)] },
            _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under Constraints"), intermediate);

        AssertOutcome(valid, ReasonCode.PathConstraint, Under(intermediate, leaf));
    }

    [Fact]
    public void Name_constraints_in_an_end_entity_certificate_are_a_path_constraint()
    {
        var leaf = _chain.Pki.Issue(
            RulesPki.LeafSpec("Constraining Leaf") with { Extensions = [RulesExtensions.DnsNameConstraints(["example.org"], [], critical: true)] },
            _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.PathConstraint, _chain.Request(leaf));
    }

    [Fact]
    public void An_end_entity_certificate_asserting_key_cert_sign_is_refused_for_key_usage()
    {
        var leaf = _chain.Pki.Issue(
            RulesPki.LeafSpec("Signing Leaf") with { KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign },
            _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.KeyUsage, _chain.Request(leaf));
    }

    [Fact]
    public void An_extended_key_usage_listing_no_purpose_is_refused_for_key_usage()
    {
        // SEQUENCE {} where RFC 5280 requires SIZE (1..MAX).
        var leaf = _chain.Pki.Issue(
            RulesPki.LeafSpec("No Purpose Leaf") with { Extensions = [new X509Extension(ExtendedKeyUsageOid, [0x30, 0x00], critical: false)] },
            _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.KeyUsage, _chain.Request(leaf));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Policy_constraints_not_marked_critical_are_a_path_constraint(bool critical, bool valid)
    {
        // SEQUENCE { inhibitPolicyMapping [1] 5 }: harmless to this path, so only the criticality decides.
        var constraints = new X509Extension(PolicyConstraintsOid, [0x30, 0x03, 0x81, 0x01, 0x05], critical);
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("Policy Constrained Intermediate") with { Extensions = [constraints] }, _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under Policy Constraints"), intermediate);

        AssertOutcome(valid, ReasonCode.PathConstraint, Under(intermediate, leaf));
    }

    private PathValidationRequest Under(TestCertificate intermediate, TestCertificate leaf) =>
        new(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now) { Intermediates = [intermediate.Certificate] };

    private void AssertOutcome(bool valid, ReasonCode refusal, PathValidationRequest request)
    {
        if (valid)
        {
            var result = _chain.Validate(request);
            Assert.True(result.IsValid, result.Check.Detail);
            Assert.Equal(ReasonCode.Unspecified, result.Check.Reason);
        }
        else
        {
            _chain.AssertRefused(refusal, request);
        }
    }
}
