using System.Globalization;
using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Pkix;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Maps a failure of BouncyCastle's validator to a reason code. BouncyCastle has no error codes,
/// only messages, so the rules below match the messages of BouncyCastle.Cryptography 2.7 (the
/// PKITS tests pin them: a changed message shows up there). The first rule whose text occurs
/// anywhere in the exception chain wins; order matters (a CRL signer's expired certificate is a
/// revocation problem, not an expired path). Nothing unmatched is ever accepted: it is UNTRUSTED.
/// The detail is a fixed text plus the depth (0 = leaf), never BouncyCastle's message.
/// </summary>
internal static class PkixFailures
{
    private static readonly Rule[] Rules =
    [
        // BouncyCastle judges CRLs against the machine's clock too: no revocation status is known for a future time.
        new(ReasonCode.RevocationUnknown, "revocation status cannot be established for a validation time in the future",
            ["Validation time is in future"]),
        new(ReasonCode.Revoked, "a certificate of the path is revoked", ["Certificate revocation after"]),
        new(ReasonCode.KeyUsage, "a CA's key usage does not permit signing certificates or CRLs",
            ["does not permit key signing", "does not permit CRL signing"]),
        new(ReasonCode.CriticalExtension, "a certificate carries an unknown critical extension", ["Certificate has unsupported critical extension"]),
        new(ReasonCode.RevocationUnknown, "no current, usable CRL establishes the status of a certificate of the path",
            ["CRL", "Certificate status could not be determined", "istribution point", "onlyContainsAttributeCerts"]),
        new(ReasonCode.BadSignature, "a certificate signature in the path does not verify",
            ["Could not validate certificate signature", "TrustAnchor found but certificate validation failed",
             "Signature algorithm in certificate info not same as outer certificate"]),
        new(ReasonCode.Expired, "a certificate of the path is expired or not yet valid",
            ["certificate expired on", "certificate not valid until", "Could not validate time of certificate"]),
        new(ReasonCode.PathConstraint, "basic constraints or the path length are violated",
            ["BasicConstraints", "Basic constraints", "Not a CA certificate", "Max path length", "Version 1 certificates"]),
        new(ReasonCode.PathConstraint, "name constraints are violated", ["subtree", "Subtree", "ame constraints"]),
        new(ReasonCode.PathConstraint, "certificate policy processing failed", ["olic"]),
    ];

    public static PathCheck Classify(Exception failure)
    {
        var messages = new List<string>();
        var depth = -1;
        for (var ex = failure; ex is not null; ex = ex.InnerException)
        {
            messages.Add(ex.Message);
            if (depth < 0 && ex is PkixCertPathValidatorException { Index: >= 0 } pkix)
            {
                depth = pkix.Index;
            }
        }

        var rule = Array.Find(Rules, r => r.Texts.Any(t => messages.Exists(m => m.Contains(t, StringComparison.Ordinal))));
        var (reason, detail) = rule is null ? (ReasonCode.Untrusted, "path validation failed") : (rule.Reason, rule.Detail);
        return new PathCheck(reason, depth < 0 ? detail : string.Create(CultureInfo.InvariantCulture, $"{detail} (depth {depth})"));
    }

    private sealed record Rule(ReasonCode Reason, string Detail, string[] Texts);
}
