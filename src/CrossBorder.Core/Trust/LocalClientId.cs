using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CrossBorder.Core.Trust;

/// <summary>
/// A local client of one gateway: the participant it acts for and its local role, bound to a
/// certificate of the gateway's local CA by the SAN URI <c>urn:crossborder:local:AL/NCP:case-worker</c>.
/// </summary>
public sealed partial record LocalClientId(ParticipantId Participant, string Role)
{
    /// <summary>The URI prefix that names a local client in a certificate.</summary>
    public const string UriPrefix = "urn:crossborder:local:";

    /// <summary>The SAN URI form.</summary>
    public string Uri => $"{UriPrefix}{Participant}:{Role}";

    /// <summary>Whether a role name has the allowed shape (lower-case words joined by '-').</summary>
    public static bool IsValidRole(string role) => RoleShape().IsMatch(role);

    /// <summary>Parses the SAN URI form.</summary>
    public static bool TryParseUri(string uri, [NotNullWhen(true)] out LocalClientId? id)
    {
        id = null;
        if (!uri.StartsWith(UriPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri[UriPrefix.Length..];
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || !ParticipantId.TryParse(rest[..colon], out var participant) || !IsValidRole(rest[(colon + 1)..]))
        {
            return false;
        }

        id = new LocalClientId(participant, rest[(colon + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Participant}:{Role}";

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleShape();
}
