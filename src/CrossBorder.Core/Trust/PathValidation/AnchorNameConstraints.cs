using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Applies an anchor's own name constraints to the path below it, as RFC 5280 section 6.1.3 (b)
/// and (c) would had the anchor been a CA of the path (BouncyCastle takes from an anchor only
/// its name and key). Self-issued intermediates are exempt; the leaf never is.
/// </summary>
internal static class AnchorNameConstraints
{
    public static PathCheck Check(IReadOnlyList<PathCertificate> path)
    {
        try
        {
            var extensions = path[^1].Parsed.CertificateStructure.TbsCertificate.Extensions;
            var constraints = extensions?.GetExtension(X509Extensions.NameConstraints) is { } extension
                ? NameConstraints.GetInstance(extension.GetParsedValue())
                : null;
            if (constraints is null)
            {
                return PathCheck.Accepted;
            }

            var validator = new PkixNameConstraintValidator();
            if (constraints.PermittedSubtreesValue is { } permitted)
            {
                validator.IntersectPermittedSubtree(permitted.Elements);
            }

            foreach (var excluded in constraints.ExcludedSubtreesValue?.GetElements() ?? [])
            {
                validator.AddExcludedSubtree(excluded);
            }

            for (var i = path.Count - 2; i >= 0; i--)
            {
                if (i > 0 && path[i].IsSelfIssued)
                {
                    continue;
                }

                CheckNames(validator, path[i]);
            }

            return PathCheck.Accepted;
        }
        catch (PkixNameConstraintValidatorException)
        {
            return new PathCheck(ReasonCode.PathConstraint, "a name in the path is outside the trust anchor's name constraints");
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return new PathCheck(ReasonCode.PathConstraint, "the trust anchor's name constraints cannot be applied");
        }
    }

    private static void CheckNames(PkixNameConstraintValidator validator, PathCertificate certificate)
    {
        validator.CheckDN(certificate.Subject);
        foreach (var email in certificate.Subject.GetValueList(X509Name.EmailAddress))
        {
            validator.CheckName(new GeneralName(GeneralName.Rfc822Name, email));
        }

        foreach (var name in certificate.Parsed.GetSubjectAlternativeNameExtension()?.GetNames() ?? [])
        {
            validator.CheckName(name);
        }
    }
}
