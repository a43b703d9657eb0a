using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The signature algorithms and keys of the crypto profile (CRYPTO.md) as they apply to
/// certificates and CRLs: an allow-list, so anything unknown is refused. SHA-1, MD5 and DSA
/// are refused; RSA keys need at least 2048 bits, EC keys a named NIST curve; RSA PKCS#1 v1.5
/// is fine on certificates and CRLs.
/// </summary>
internal static class AlgorithmProfile
{
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsassaPss = "1.2.840.113549.1.1.10";
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const int MinRsaBits = 2048;

    private static readonly FrozenSet<string> Signatures = FrozenSet.Create(
        StringComparer.Ordinal,
        "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
        "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
        "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
        "1.2.840.10045.4.3.2", // ecdsa-with-SHA256
        "1.2.840.10045.4.3.3", // ecdsa-with-SHA384
        "1.2.840.10045.4.3.4", // ecdsa-with-SHA512
        "1.3.101.112", // Ed25519
        "1.3.101.113"); // Ed448

    private static readonly FrozenSet<string> PssHashes = FrozenSet.Create(
        StringComparer.Ordinal,
        "2.16.840.1.101.3.4.2.1", // SHA-256
        "2.16.840.1.101.3.4.2.2", // SHA-384
        "2.16.840.1.101.3.4.2.3"); // SHA-512

    private static readonly FrozenSet<string> NamedCurves = FrozenSet.Create(
        StringComparer.Ordinal,
        "1.2.840.10045.3.1.7", // P-256
        "1.3.132.0.34", // P-384
        "1.3.132.0.35"); // P-521

    private static readonly FrozenSet<string> OtherKeys = FrozenSet.Create(
        StringComparer.Ordinal,
        "1.3.101.110", // X25519
        "1.3.101.111", // X448
        "1.3.101.112", // Ed25519
        "1.3.101.113"); // Ed448

    /// <summary><c>null</c> when <paramref name="signature"/> is allowed, otherwise the refusal.</summary>
    public static PathCheck? CheckSignature(AlgorithmIdentifier signature, string what)
    {
        var oid = signature.Algorithm.Id;
        if (Signatures.Contains(oid) || (oid == RsassaPss && PssAllowed(signature)))
        {
            return null;
        }

        return new PathCheck(ReasonCode.AlgRefused, $"{what} is signed with an algorithm the profile refuses ({oid})");
    }

    /// <summary><c>null</c> when the public key is allowed, otherwise the refusal.</summary>
    public static PathCheck? CheckKey(SubjectPublicKeyInfo key, string what)
    {
        var oid = key.Algorithm.Algorithm.Id;
        if (OtherKeys.Contains(oid))
        {
            return null;
        }

        if (oid == EcPublicKey)
        {
            // Named NIST curves only: no explicit parameters, no small or exotic curves.
            return key.Algorithm.Parameters is DerObjectIdentifier curve && NamedCurves.Contains(curve.Id)
                ? null
                : new PathCheck(ReasonCode.AlgRefused, $"{what} has an EC key on a curve the profile refuses");
        }

        if (oid is RsaEncryption or RsassaPss)
        {
            int bits;
            try
            {
                bits = RsaPublicKeyStructure.GetInstance(key.ParsePublicKey()).Modulus.BitLength;
            }
            catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
            {
                return new PathCheck(ReasonCode.Malformed, $"the RSA public key of {what} is not well-formed");
            }

            return bits >= MinRsaBits ? null : new PathCheck(ReasonCode.AlgRefused, $"{what} has an RSA key of {bits} bits, fewer than {MinRsaBits}");
        }

        return new PathCheck(ReasonCode.AlgRefused, $"{what} has a public key the profile refuses ({oid})");
    }

    private static bool PssAllowed(AlgorithmIdentifier signature)
    {
        try
        {
            var parameters = RsassaPssParameters.GetInstance(signature.Parameters);
            var mgfHash = AlgorithmIdentifier.GetInstance(parameters.MaskGenAlgorithm.Parameters);
            return PssHashes.Contains(parameters.HashAlgorithm.Algorithm.Id) && mgfHash.Algorithm.Id == parameters.HashAlgorithm.Algorithm.Id;
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return false; // absent parameters mean SHA-1: refused like unreadable ones
        }
    }
}
