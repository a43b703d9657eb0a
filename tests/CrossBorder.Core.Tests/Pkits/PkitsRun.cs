using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Runs every case of cases.json once through <see cref="PathValidator"/> the way CRYPTO.md's
/// <c>trust verify</c> would with the case's files: purpose <c>any</c> (PKITS has no leaf
/// requirements), revocation required (every case has CRLs), the case's validation time and
/// policy settings. The tests then look at the outcomes.
/// </summary>
public sealed class PkitsRun : IDisposable
{
    private readonly Dictionary<string, X509Certificate2?> _certificates = new(StringComparer.Ordinal);
    private readonly PathValidator _validator = new();

    public PkitsRun()
    {
        Cases = PkitsCase.LoadAll();
        Outcomes = [.. Cases.Select(Run)];
    }

    public IReadOnlyList<PkitsCase> Cases { get; }

    public IReadOnlyList<PkitsOutcome> Outcomes { get; }

    public PkitsOutcome this[string id] => Outcomes.Single(o => o.Case.Id == id);

    public PkitsOutcome Run(PkitsCase pkitsCase)
    {
        var leaf = Certificate(pkitsCase.Leaf);
        var anchor = Certificate(pkitsCase.Anchor);
        var intermediates = pkitsCase.Intermediates.Select(Certificate).ToList();
        if (leaf is null || anchor is null || intermediates.Contains(null))
        {
            return PkitsOutcome.NotLoadable(pkitsCase);
        }

        var request = new PathValidationRequest(leaf, [anchor], pkitsCase.ValidationTime)
        {
            Intermediates = [.. intermediates.OfType<X509Certificate2>()],
            Crls = [.. pkitsCase.Crls.Select(name => File.ReadAllBytes(Path.Combine(PkitsCase.Directory, "crls", name)))],
            RevocationRequired = true,
            Purpose = CertificatePurpose.Any,
            Policy = new PolicySettings
            {
                InitialPolicies = pkitsCase.Settings.InitialPolicySet,
                ExplicitPolicy = pkitsCase.Settings.InitialExplicitPolicy,
                InhibitPolicyMapping = pkitsCase.Settings.InitialPolicyMappingInhibit,
                InhibitAnyPolicy = pkitsCase.Settings.InitialAnyPolicyInhibit,
            },
        };
        var result = _validator.Validate(request);
        return new PkitsOutcome(pkitsCase, result.IsValid, result.Check.Reason, result.Check.Detail, PkitsOutcome.Subjects(result.Path));
    }

    /// <summary>The certificate file, or null when .NET cannot load it (the two DSA certificates without domain parameters).</summary>
    public X509Certificate2? Certificate(string name)
    {
        if (!_certificates.TryGetValue(name, out var certificate))
        {
            try
            {
                certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(PkitsCase.Directory, "certs", name));
            }
            catch (CryptographicException)
            {
                certificate = null;
            }

            _certificates[name] = certificate;
        }

        return certificate;
    }

    public void Dispose()
    {
        foreach (var certificate in _certificates.Values)
        {
            certificate?.Dispose();
        }
    }
}
