using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// The crypto profile's algorithms on certificates (SHA-1, RSA sizes, PKCS#1 v1.5) and the leaf rules of each purpose.
/// </summary>
public sealed class ProfileAndPurposeRuleTests : IDisposable
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly RulesChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public void A_sha1_signed_intermediate_is_refused_by_the_profile()
    {
        var intermediate = _chain.Pki.Issue(RulesPki.CaSpec("SHA1 Intermediate"), _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under SHA1"), intermediate);
        using var sha1 = X509CertificateLoader.LoadCertificate(Sha1Resigner.Resign(intermediate.Certificate.RawData, (ECDsa)_chain.Root.Key));
        var request = new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now) { Intermediates = [sha1] };

        Assert.Equal("1.2.840.10045.4.1", sha1.SignatureAlgorithm.Value);
        Assert.True(_chain.Validate(request with { Intermediates = [intermediate.Certificate] }).IsValid);
        _chain.AssertRefused(ReasonCode.AlgRefused, request);
    }

    [Fact]
    public void An_rsa_1024_intermediate_is_refused_by_the_profile()
    {
        var intermediate = _chain.Pki.IssueRsa(RulesPki.CaSpec("RSA1024 Intermediate"), 1024, _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under RSA1024"), intermediate);

        _chain.AssertRefused(ReasonCode.AlgRefused, new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now)
        {
            Intermediates = [intermediate.Certificate],
        });
    }

    [Fact]
    public void A_leaf_key_on_a_curve_outside_the_profile_is_refused()
    {
        var leaf = _chain.Pki.IssueEc(RulesPki.LeafSpec("secp256k1 Leaf"), ECCurve.CreateFromFriendlyName("secp256k1"), _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.AlgRefused, _chain.Request(leaf));
    }

    [Fact]
    public void A_p384_leaf_is_accepted()
    {
        var leaf = _chain.Pki.IssueEc(RulesPki.LeafSpec("P-384 Leaf"), ECCurve.NamedCurves.nistP384, _chain.Intermediate);

        Assert.True(_chain.Validate(_chain.Request(leaf)).IsValid);
    }

    [Fact]
    public void An_rsa_2048_intermediate_signing_with_pkcs1_is_accepted()
    {
        var intermediate = _chain.Pki.IssueRsa(RulesPki.CaSpec("RSA2048 Intermediate"), 2048, _chain.Root);
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Leaf Under RSA2048"), intermediate);

        var result = _chain.Validate(new PathValidationRequest(leaf.Certificate, [_chain.Root.Certificate], RulesPki.Now) { Intermediates = [intermediate.Certificate] });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void Tls_client_needs_client_auth_in_the_eku()
    {
        _chain.AssertRefused(ReasonCode.KeyUsage, _chain.Request(_chain.Leaf) with { Purpose = CertificatePurpose.TlsClient });
    }

    [Fact]
    public void Signing_needs_digital_signature_or_non_repudiation()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Key Agreement Leaf") with { KeyUsage = X509KeyUsageFlags.KeyAgreement }, _chain.Intermediate);

        _chain.AssertRefused(ReasonCode.KeyUsage, _chain.Request(leaf) with { Purpose = CertificatePurpose.Signing });
        Assert.True(_chain.Validate(_chain.Request(leaf) with { Purpose = CertificatePurpose.Encryption }).IsValid);
    }

    [Fact]
    public void A_critical_eku_is_recognized_and_serves_its_purpose()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Critical EKU Leaf") with { KeyUsage = X509KeyUsageFlags.DigitalSignature, Ekus = [ClientAuth], EkuCritical = true }, _chain.Intermediate);

        var result = _chain.Validate(_chain.Request(leaf) with { Purpose = CertificatePurpose.TlsClient });

        Assert.True(result.IsValid, result.Check.Detail);
    }

    [Fact]
    public void Purpose_any_checks_no_leaf_usage()
    {
        var leaf = _chain.Pki.Issue(RulesPki.LeafSpec("Key Agreement Leaf") with { KeyUsage = X509KeyUsageFlags.KeyAgreement }, _chain.Intermediate);

        Assert.True(_chain.Validate(_chain.Request(leaf)).IsValid);
    }
}
