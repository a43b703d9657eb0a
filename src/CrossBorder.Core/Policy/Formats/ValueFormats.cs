using System.Collections.Frozen;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy.Formats;

/// <summary>
/// The lexical checks of <see cref="ValueFormat"/>, by hand over the characters: no regular
/// expression, nothing that backtracks, and the caller checks the length first, so a 2 MB string
/// costs one comparison.
/// </summary>
internal static class ValueFormats
{
    /// <summary>Years a date may name: older dates of birth, later expiry or erasure dates are not credible.</summary>
    public const int MinYear = 1900;

    /// <summary>See <see cref="MinYear"/>.</summary>
    public const int MaxYear = 2100;

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Alpha2 =
        CountryCodes.Alpha2.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The longest value each format admits (UTF-16 code units); 0 for no format.</summary>
    public static int MaxLength(ValueFormat format) => format switch
    {
        ValueFormat.CountryAlpha3 => 3,
        ValueFormat.Subdivision => 6,
        ValueFormat.PartialDate => 10,
        ValueFormat.DateTime => 35,
        ValueFormat.Language => 3,
        ValueFormat.Participant => 35,
        ValueFormat.MessageId => 32,
        ValueFormat.PersonName => 100,
        ValueFormat.PlaceName => 100,
        ValueFormat.DocumentNumber => 32,
        ValueFormat.Reference => 64,
        ValueFormat.Organisation => 64,
        ValueFormat.Telephone => 16,
        ValueFormat.Email => 254,
        _ => 0,
    };

    /// <summary>The detail code of a value that does not have <paramref name="format"/>.</summary>
    public static string DetailCode(ValueFormat format) => format switch
    {
        ValueFormat.CountryAlpha3 => FormatDetailCodes.Country,
        ValueFormat.Subdivision => FormatDetailCodes.Subdivision,
        ValueFormat.PartialDate => FormatDetailCodes.Date,
        ValueFormat.DateTime => FormatDetailCodes.DateTime,
        ValueFormat.Language => FormatDetailCodes.Language,
        ValueFormat.Participant => FormatDetailCodes.Participant,
        ValueFormat.MessageId => FormatDetailCodes.MessageId,
        ValueFormat.PersonName => FormatDetailCodes.PersonName,
        ValueFormat.PlaceName => FormatDetailCodes.PlaceName,
        ValueFormat.DocumentNumber => FormatDetailCodes.DocumentNumber,
        ValueFormat.Reference => FormatDetailCodes.Reference,
        ValueFormat.Organisation => FormatDetailCodes.Organisation,
        ValueFormat.Telephone => FormatDetailCodes.Telephone,
        ValueFormat.Email => FormatDetailCodes.Email,
        _ => FormatDetailCodes.Text,
    };

    /// <summary>Null when <paramref name="value"/> has the form; otherwise the detail code of what is wrong.</summary>
    public static string? Check(ValueFormat format, string value, FrozenSet<string>? organisations)
    {
        var valid = format switch
        {
            ValueFormat.CountryAlpha3 => CountryCodes.Alpha3.Contains(value),
            ValueFormat.Subdivision => IsSubdivision(value),
            ValueFormat.PartialDate => IsPartialDate(value),
            ValueFormat.DateTime => IsPartialDate(value) || IsDateTime(value),
            ValueFormat.Language => IsLanguage(value),
            ValueFormat.Participant => IsParticipant(value),
            ValueFormat.MessageId => value.Length == 32 && !value.AsSpan().ContainsAnyExcept(LowerHex),
            ValueFormat.PersonName => IsName(value, placeName: false),
            ValueFormat.PlaceName => IsName(value, placeName: true),
            ValueFormat.DocumentNumber => IsDocumentNumber(value),
            ValueFormat.Reference => IsReference(value),
            ValueFormat.Organisation => IsOrganisationId(value),
            ValueFormat.Telephone => IsTelephone(value),
            ValueFormat.Email => IsEmail(value),
            _ => IsText(value),
        };
        return !valid ? DetailCode(format)
            : format == ValueFormat.Organisation && organisations is not null && !organisations.Contains(value) ? FormatDetailCodes.OrganisationUnknown
            : null;
    }

    /// <summary>Whether <paramref name="value"/> is an organisation id by form (the policy's list aside).</summary>
    public static bool IsOrganisationId(string value) =>
        value.Length is >= 2 and <= 64 && char.IsAsciiLetterUpper(value[0]) && !value.AsSpan().ContainsAnyExcept(OrganisationChars);

    private static bool IsSubdivision(string value) =>
        value.Length is >= 4 and <= 6 && value[2] == '-' && Alpha2.Contains(value.AsSpan(0, 2))
        && value.AsSpan(3).ContainsAnyExcept(UpperAlnum) is false;

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly System.Buffers.SearchValues<char> OrganisationChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
    private static readonly System.Buffers.SearchValues<char> DocumentChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/");
    private static readonly System.Buffers.SearchValues<char> ReferenceChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/._-");

    private static readonly System.Buffers.SearchValues<char> UpperAlnum =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static bool IsPartialDate(ReadOnlySpan<char> value) => TryPartialDate(value, out _, out _, out _);

    /// <summary>
    /// Reads a partial date (<c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>, a real calendar day);
    /// the parts not given are 0. The one reader of the format for validation and for rules.
    /// </summary>
    public static bool TryPartialDate(ReadOnlySpan<char> value, out int year, out int month, out int day)
    {
        month = day = 0;
        if (value.Length is not (4 or 7 or 10) || !Number(value[..4], out year) || year is < MinYear or > MaxYear)
        {
            year = 0;
            return false;
        }

        if (value.Length == 4)
        {
            return true;
        }

        if (value[4] != '-' || !Number(value.Slice(5, 2), out month) || month is < 1 or > 12)
        {
            month = 0;
            return false;
        }

        if (value.Length == 7)
        {
            return true;
        }

        if (value[7] == '-' && Number(value.Slice(8, 2), out day) && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return true;
        }

        day = 0;
        return false;
    }

    /// <summary>The last day a partial date covers, or null when it is not one.</summary>
    public static DateOnly? LatestDay(ReadOnlySpan<char> value) =>
        !TryPartialDate(value, out var year, out var month, out var day) ? null
        : day != 0 ? new DateOnly(year, month, day)
        : month != 0 ? new DateOnly(year, month, DateTime.DaysInMonth(year, month))
        : new DateOnly(year, 12, 31);

    /// <summary>RFC 3339: <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>, upper-case T and Z, no leap second.</summary>
    private static bool IsDateTime(ReadOnlySpan<char> value)
    {
        if (value.Length < 20 || !IsPartialDate(value[..10]) || value[10] != 'T' || value[13] != ':' || value[16] != ':'
            || !Number(value.Slice(11, 2), out var hour) || hour > 23
            || !Number(value.Slice(14, 2), out var minute) || minute > 59
            || !Number(value.Slice(17, 2), out var second) || second > 59)
        {
            return false;
        }

        var rest = value[19..];
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits is 1 or > 10)
            {
                return false;
            }

            rest = rest[digits..];
        }

        if (rest.Length == 1)
        {
            return rest[0] == 'Z';
        }

        return rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':'
            && Number(rest.Slice(1, 2), out var offsetHours) && Number(rest.Slice(4, 2), out var offsetMinutes)
            && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60;
    }

    private static bool IsLanguage(string value) => value.Length switch
    {
        2 => LanguageCodes.TwoLetter.Contains(value),
        3 => !value.AsSpan().ContainsAnyExceptInRange('a', 'z'),
        _ => false,
    };

    /// <summary><c>CC/NAME</c>: a participant id (<c>AL/NCP</c>) or a country and role (<c>AL/CHILD_PROTECTION</c>).</summary>
    private static bool IsParticipant(string value) =>
        value.Length is >= 4 and <= 35 && value[2] == '/' && Alpha2.Contains(value.AsSpan(0, 2)) && char.IsAsciiLetterUpper(value[3])
        && value.AsSpan(4).ContainsAnyExcept(ParticipantName) is false;

    private static readonly System.Buffers.SearchValues<char> ParticipantName =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>
    /// Latin letters with their diacritics (Basic Latin, Latin-1, Extended-A and -B, Extended
    /// Additional, combining marks after a letter), space, hyphen and apostrophe; a place name also
    /// the full stop. No digits, commas or other punctuation: no street address, no sentence.
    /// </summary>
    private static bool IsName(string value, bool placeName)
    {
        if (value.Length == 0 || !IsLatinLetter(value[0]) || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(IsLatinLetter(c) || c is ' ' or '-' or '\'' or '\u2019' || (c >= '\u0300' && c <= '\u036F') || (placeName && c == '.')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLatinLetter(char c) =>
        char.IsAsciiLetter(c)
        || (c >= '\u00C0' && c <= '\u024F' && c != '\u00D7' && c != '\u00F7')
        || (c >= '\u1E00' && c <= '\u1EFF');

    private static bool IsDocumentNumber(string value) =>
        value.Length > 0 && (char.IsAsciiLetterUpper(value[0]) || char.IsAsciiDigit(value[0]))
        && !value.AsSpan().ContainsAnyExcept(DocumentChars);

    private static bool IsReference(string value) =>
        value.Length > 0 && char.IsAsciiLetterOrDigit(value[0]) && !value.AsSpan().ContainsAnyExcept(ReferenceChars);

    private static bool IsTelephone(string value) =>
        value.Length is >= 5 and <= 16 && value[0] == '+' && value[1] is >= '1' and <= '9' && value.AsSpan(1).ContainsAnyExceptInRange('0', '9') is false;

    private static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at is < 1 or > 64 || value.IndexOf('@', at + 1) >= 0)
        {
            return false;
        }

        foreach (var c in value.AsSpan(0, at))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        var domain = value.AsSpan(at + 1);
        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(DomainLabel))
            {
                return false;
            }

            labels++;
        }

        return labels >= 2;
    }

    private static readonly System.Buffers.SearchValues<char> DomainLabel =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    /// <summary>Free text: no control characters but tab and line ends, no lone surrogate.</summary>
    private static bool IsText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
