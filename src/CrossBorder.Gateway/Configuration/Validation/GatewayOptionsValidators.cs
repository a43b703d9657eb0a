using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>
/// The validators of the settings that are values (one per concern, as YARP checks a route). The
/// loader runs them together with the file checkers of <see cref="Loading"/> (certificates, keys,
/// trust list, policy, pseudonym secret) so that every problem is listed at once; the host
/// registers the same validators with <c>ValidateOnStart</c> (<see cref="Hosting.GatewayOptionsRegistration"/>).
/// </summary>
internal static class GatewayOptionsValidators
{
    public static IReadOnlyList<IValidateOptions<GatewayOptions>> All { get; } =
    [
        new LimitsValidator(),
        new RevocationValidator(),
        new LocalRolesValidator(),
        new ExchangeSettingsValidator(),
        new OpsValidator(),
    ];

    /// <summary>Every problem every validator finds.</summary>
    public static IEnumerable<string> Problems(GatewayOptions options) =>
        All.SelectMany(v => v.Validate(Options.DefaultName, options).Failures ?? []);
}
