using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>
/// The validators of the settings that are values (one per concern, as YARP checks a route),
/// run together before anything is loaded so that every problem is listed at once. Files
/// (certificates, keys, trust list, policy) are checked by the loader as it reads them.
/// </summary>
internal static class GatewayOptionsValidators
{
    public static IReadOnlyList<IValidateOptions<GatewayOptions>> All { get; } =
    [
        new LimitsValidator(),
        new RevocationValidator(),
        new LocalRolesValidator(),
        new ExchangeSettingsValidator(),
    ];

    /// <summary>Every problem every validator finds.</summary>
    public static IEnumerable<string> Problems(GatewayOptions options) =>
        All.SelectMany(v => v.Validate(Options.DefaultName, options).Failures ?? []);
}
