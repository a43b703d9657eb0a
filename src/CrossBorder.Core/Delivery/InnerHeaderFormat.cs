using System.Buffers;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy.Formats;

namespace CrossBorder.Core.Delivery;

/// <summary>
/// The form of the signed inner header's own fields (purpose, legal basis, policy stamp, reply
/// id), checked by the sender before sealing and by the receiver after opening, so that these
/// fields carry only what they declare and no free text rides in them. A legal basis is a
/// citation (letters of any script, so that a Greek statute can be cited in Greek, digits, single
/// spaces and <c>. , / - : ( ) § ' _ &amp;</c>, at most 256 characters): no line breaks, control,
/// format or bidirectional characters, no symbols such as <c>@ + &lt; &gt;</c>.
/// </summary>
public static class InnerHeaderFormat
{
    /// <summary>The longest legal basis, in characters.</summary>
    public const int MaxLegalBasisLength = 256;

    private const int MaxStampIdLength = 64;
    private const int MaxStampVersionLength = 32;

    private static readonly SearchValues<char> CitationMarks = SearchValues.Create(".,/-:()§'_& ");
    private static readonly SearchValues<char> StampChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>Null when the header's fields have their form; otherwise the refusal (INVALID_FORMAT, field path and detail code, never the value).</summary>
    public static Refusal? Check(InnerHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Purpose == Purpose.Unspecified || !Enum.IsDefined(header.Purpose))
        {
            return Invalid("header.purpose", FormatDetailCodes.EnumUndefined);
        }

        if (LegalBasisProblem(header.LegalBasis) is { } legalBasis)
        {
            return Invalid("header.legal_basis", legalBasis);
        }

        if (header.InReplyTo.Length > 0 && !MessageIds.IsId(header.InReplyTo))
        {
            return Invalid("header.in_reply_to", FormatDetailCodes.MessageId);
        }

        var stamp = header.PolicyStamp;
        return stamp is null || !IsPolicyId(stamp.Id) || !IsPolicyVersion(stamp.Version) || stamp.Sha256.Length != 32
            ? Invalid("header.policy_stamp", FormatDetailCodes.PolicyStamp)
            : null;
    }

    /// <summary>Null when <paramref name="value"/> is a legal basis by form; otherwise its detail code.</summary>
    public static string? LegalBasisProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLegalBasisLength)
        {
            return FormatDetailCodes.TooLong;
        }

        if (value.Length == 0 || value[0] == ' ' || value[^1] == ' ' || value.Contains("  ", StringComparison.Ordinal))
        {
            return FormatDetailCodes.LegalBasis;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && !char.IsLetter(c) && !CitationMarks.Contains(c))
            {
                return FormatDetailCodes.LegalBasis;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="id"/> can be a policy's id in a stamp: 1 to 64 ASCII letters, digits, '.', '_' or '-'.</summary>
    public static bool IsPolicyId(string id) => IsStampText(id, MaxStampIdLength);

    /// <summary>Whether <paramref name="version"/> can be a policy's version in a stamp: 1 to 32 ASCII letters, digits, '.', '_' or '-'.</summary>
    public static bool IsPolicyVersion(string version) => IsStampText(version, MaxStampVersionLength);

    private static bool IsStampText(string value, int maxLength) =>
        value.Length > 0 && value.Length <= maxLength && !value.AsSpan().ContainsAnyExcept(StampChars);

    private static Refusal Invalid(string path, string detailCode) =>
        new(ReasonCode.InvalidFormat, $"a field is not in its declared form ({detailCode} at {path})");
}
