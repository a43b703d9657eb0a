using System.Globalization;
using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The RFC 5280 section 4 profile rules that BouncyCastle's validator does not enforce, applied to
/// every certificate of a path, the anchor included: a partner checking certificates with
/// <c>trust verify</c> must not get an acceptance a strict validator would refuse.
/// </summary>
internal static class CertificateProfileRules
{
    private const int MaxSerialOctets = 20; // RFC 5280 4.1.2.2
    private const int KeyCertSignBit = 5;

    public static PathCheck Check(IReadOnlyList<PathCertificate> path)
    {
        for (var i = 0; i < path.Count; i++)
        {
            var what = i == path.Count - 1 ? "the trust anchor" : string.Create(CultureInfo.InvariantCulture, $"the certificate at depth {i}");
            try
            {
                if (CheckOne(path[i], isLeaf: i == 0) is { } refused)
                {
                    return new PathCheck(refused.Reason, $"{what}: {refused.Detail}");
                }
            }
            catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
            {
                return new PathCheck(ReasonCode.Malformed, $"{what}: an extension cannot be decoded");
            }
        }

        return PathCheck.Accepted;
    }

    private static PathCheck? CheckOne(PathCertificate certificate, bool isLeaf)
    {
        var parsed = certificate.Parsed;
        var serial = parsed.SerialNumber;
        if (serial.SignValue <= 0 || serial.ToByteArray().Length > MaxSerialOctets)
        {
            return new PathCheck(ReasonCode.Malformed, "the serial number is not a positive integer of at most 20 octets");
        }

        var extensions = parsed.CertificateStructure.TbsCertificate.Extensions;
        var isCa = parsed.GetBasicConstraints() >= 0;
        var aki = extensions?.GetExtension(X509Extensions.AuthorityKeyIdentifier);
        var ski = extensions?.GetExtension(X509Extensions.SubjectKeyIdentifier);
        if (aki is { IsCritical: true } || ski is { IsCritical: true })
        {
            return new PathCheck(ReasonCode.Malformed, "a key identifier extension is marked critical");
        }

        if (aki is null && !IsSelfSigned(certificate))
        {
            return new PathCheck(ReasonCode.Malformed, "the authority key identifier is missing");
        }

        if (isCa && ski is null)
        {
            return new PathCheck(ReasonCode.Malformed, "a CA certificate lacks the subject key identifier");
        }

        if (extensions?.GetExtension(X509Extensions.NameConstraints) is { } nameConstraints && (!nameConstraints.IsCritical || !isCa))
        {
            return new PathCheck(ReasonCode.PathConstraint, "name constraints must be critical and only in a CA certificate");
        }

        if (extensions?.GetExtension(X509Extensions.PolicyConstraints) is { IsCritical: false })
        {
            return new PathCheck(ReasonCode.PathConstraint, "policy constraints must be critical");
        }

        if (extensions?.GetExtension(X509Extensions.ExtendedKeyUsage) is { } eku
            && Asn1Sequence.GetInstance(eku.GetParsedValue()).Count == 0)
        {
            return new PathCheck(ReasonCode.KeyUsage, "the extended key usage lists no purpose");
        }

        var keyUsage = parsed.GetKeyUsage();
        if (isLeaf && !isCa && keyUsage is not null && keyUsage.Length > KeyCertSignBit && keyUsage[KeyCertSignBit])
        {
            return new PathCheck(ReasonCode.KeyUsage, "an end-entity certificate asserts keyCertSign");
        }

        return null;
    }

    // Only asked when the AKI is absent, which RFC 5280 4.2.1.1 allows for self-signed certificates alone.
    // The platform check covers the profile's algorithms; BouncyCastle the rest (RSASSA-PSS).
    private static bool IsSelfSigned(PathCertificate certificate)
    {
        if (!certificate.IsSelfIssued)
        {
            return false;
        }

        if (SignatureHint.Verifies(certificate, certificate))
        {
            return true;
        }

        try
        {
            certificate.Parsed.Verify(certificate.Parsed.GetPublicKey());
            return true;
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return false;
        }
    }
}
