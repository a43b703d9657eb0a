using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 3.3 (WS-3-8): each certificate suits its purpose. The sender signs a good envelope
/// with one of its own certificates that the trust list vouches for and that names it, but that is
/// not for signing: its TLS certificate, or its encryption certificate. Only the purpose check
/// can refuse it, with KEY_USAGE.
/// </summary>
internal static class TrustCases
{
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    public static IEnumerable<ConformanceCase> All()
    {
        yield return SignedWith("trust.signed-with-tls-certificate", "TLS certificate", run => (run.Credentials.Tls.Certificate, run.Credentials.Tls.Chain));
        yield return SignedWith("trust.signed-with-encryption-certificate", "encryption certificate", run => (run.Credentials.Encryption, run.Credentials.Signing.Chain));
    }

    private static ConformanceCase SignedWith(string id, string what, Func<CaseRun, (X509Certificate2? Certificate, X509Certificate2Collection Chain)> pick)
    {
        var expectation = $"an envelope signed by the sender with its {what}, which is not fit for signing, is refused with KEY_USAGE";
        return WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var (certificate, chain) = pick(run);
            if (certificate is null)
            {
                return CaseVerdict.Skip(expectation, $"the profile names no {what}");
            }

            if (FitForSigning(certificate))
            {
                return CaseVerdict.Skip(expectation, $"the {what} of {run.Credentials.Participant} is also fit for signing (wire spec 3.3)");
            }

            AsymmetricAlgorithm key = (AsymmetricAlgorithm?)SigningKey(certificate) ?? certificate.GetRSAPrivateKey()
                ?? throw new InvalidOperationException($"the {what} has no EC or RSA private key");
            using (key)
            {
                var (envelope, skipped) = run.Envelopes.Seal(type, signer: new SigningIdentity(certificate, key, chain));
                return envelope is null
                    ? PolicySkip(expectation, skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.KeyUsage);
            }
        });
    }

    /// <summary>The EC private key as a signing key, also when the platform holds it for key agreement only.</summary>
    private static ECDsa? SigningKey(X509Certificate2 certificate)
    {
        if (certificate.GetECDsaPrivateKey() is { } signing)
        {
            return signing;
        }

        using var agreement = certificate.GetECDiffieHellmanPrivateKey();
        return agreement is null ? null : ECDsa.Create(agreement.ExportParameters(includePrivateParameters: true));
    }

    /// <summary>The signing row of the purpose table: key usage (if present) with a signature bit, extended key usage (if present) for e-mail protection or any.</summary>
    private static bool FitForSigning(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        var extended = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var usageFits = usage is null || (usage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) != 0;
        var extendedFits = extended is null || extended.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value is EmailProtection or AnyExtendedKeyUsage);
        return usageFits && extendedFits;
    }
}
