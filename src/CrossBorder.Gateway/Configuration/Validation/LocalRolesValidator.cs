using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>The local roles (names, no duplicates, known message types) and the withdrawn local client fingerprints.</summary>
internal sealed class LocalRolesValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new OptionProblems();
        if (options.LocalRoles.Count == 0)
        {
            problems.Add($"{nameof(GatewayOptions.LocalRoles)}: at least one local role is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in options.LocalRoles)
        {
            if (!LocalClientId.IsValidRole(role.Name))
            {
                problems.Add($"{nameof(GatewayOptions.LocalRoles)}: role name '{role.Name}' must be lower-case words joined by '-'");
                continue;
            }

            foreach (var type in role.MaySubmit.Concat(role.MayRead).Where(t => !ProtoEnumNames<MessageType>.TryParse(t, out _)))
            {
                problems.Add($"{nameof(GatewayOptions.LocalRoles)}: role '{role.Name}': unknown message type '{type}'");
            }

            if (!seen.Add(role.Name))
            {
                problems.Add($"{nameof(GatewayOptions.LocalRoles)}: role '{role.Name}' is defined twice");
            }
        }

        if (options.RevokedLocalClients.Select(Fingerprint).Any(f => f.Length != 64 || !f.All(char.IsAsciiHexDigit)))
        {
            problems.Add($"{nameof(GatewayOptions.RevokedLocalClients)}: every entry must be a SHA-256 fingerprint (64 hex digits)");
        }

        return problems.Result();
    }

    /// <summary>A configured fingerprint as compared: without colons, upper-case hex.</summary>
    public static string Fingerprint(string configured) => configured.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
