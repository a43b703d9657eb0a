using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// The refusals of the CMS layer, built in one place. Texts name the structure or algorithm,
/// never key material; decryption failures all read the same.
/// </summary>
internal static class CmsFailure
{
    public static RejectedException Malformed(string what) => Reject.Because(ReasonCode.Malformed, $"{what} is not well-formed CMS");

    public static RejectedException Refused(string what) => Reject.Because(ReasonCode.AlgRefused, $"{what} is refused by the crypto profile");

    public static RejectedException DecryptFailed(string diagnostic) => Reject.DecryptFailed(diagnostic);

    public static RejectedException NotARecipient() => Reject.Because(ReasonCode.NotARecipient, "no recipient info is addressed to our key");

    /// <summary>Reads a CMSVersion and requires the one value the structure allows: a version is not covered by the tag or the signature.</summary>
    public static void RequireVersion(System.Formats.Asn1.AsnReader reader, int expected, string what)
    {
        if (!reader.TryReadInt32(out var version) || version != expected)
        {
            throw Malformed($"{what} (version must be {expected})");
        }
    }

    /// <summary>A SignedData carries more certificates than path building takes (<see cref="SignedDataReader.MaxCertificates"/>).</summary>
    public static RejectedException TooManyCertificates(int limit) =>
        Reject.Because(ReasonCode.PathLimit, $"SignedData carries more than {limit} certificates");

    public static RejectedException BadSignature(string what) => Reject.Because(ReasonCode.BadSignature, what);
}
