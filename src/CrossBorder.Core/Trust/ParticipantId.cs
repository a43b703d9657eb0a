using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using CrossBorder.Core.Certificates;

namespace CrossBorder.Core.Trust;

/// <summary>
/// A participant of the federation: a country code and a name, written <c>AL/NCP</c>, bound to
/// certificates by the SAN URI <c>urn:crossborder:participant:AL/NCP</c>.
/// </summary>
public sealed partial record ParticipantId
{
    /// <summary>The URI prefix that names a participant in a certificate.</summary>
    public const string UriPrefix = "urn:crossborder:participant:";

    private ParticipantId(string country, string name)
    {
        Country = country;
        Name = name;
    }

    /// <summary>ISO 3166-1 alpha-2 country code, upper case.</summary>
    public string Country { get; }

    /// <summary>The participant's name within its country, e.g. <c>NCP</c>.</summary>
    public string Name { get; }

    /// <summary>The SAN URI form.</summary>
    public string Uri => UriPrefix + ToString();

    /// <summary>A file-system friendly form, e.g. <c>al-ncp</c>.</summary>
    public string Slug => $"{Country}-{Name}".ToLowerInvariant();

    /// <summary>Parses <c>AL/NCP</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static ParticipantId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("a participant id looks like AL/NCP");

    /// <summary>Parses <c>AL/NCP</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ParticipantId? id)
    {
        id = null;
        if (text is null || !Shape().IsMatch(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        id = new ParticipantId(text[..slash], text[(slash + 1)..]);
        return true;
    }

    /// <summary>Parses the SAN URI form.</summary>
    public static bool TryParseUri(string uri, [NotNullWhen(true)] out ParticipantId? id)
    {
        id = null;
        return uri.StartsWith(UriPrefix, StringComparison.Ordinal) && TryParse(uri[UriPrefix.Length..], out id);
    }

    /// <summary>The participant a certificate names: exactly one participant SAN URI, else false.</summary>
    public static bool TryFromCertificate(X509Certificate2 certificate, [NotNullWhen(true)] out ParticipantId? id)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        id = null;
        var uris = SubjectAltNames.Uris(certificate).Where(u => u.StartsWith(UriPrefix, StringComparison.Ordinal)).ToList();
        return uris.Count == 1 && TryParseUri(uris[0], out id);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Country}/{Name}";

    [GeneratedRegex("^[A-Z]{2}/[A-Z][A-Z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
