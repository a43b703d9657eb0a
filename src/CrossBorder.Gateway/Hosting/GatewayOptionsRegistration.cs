using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// How <see cref="GatewayOptions"/> enter a container. The gateway's own path checks them once, in
/// <see cref="GatewayRuntimeLoader"/>, values and files together, because only there can a bad
/// value and a bad file be listed in the same refusal; its container then takes that checked
/// instance as it is (<see cref="AddChecked"/>), so the validators do not run a second time. A host
/// that binds the options itself (from configuration, without the loader) uses
/// <see cref="AddValidated"/>: the same validators, run when the host starts, all their failures
/// in one <see cref="OptionsValidationException"/>.
/// </summary>
internal static class GatewayOptionsRegistration
{
    /// <summary>Registers every value validator and checks the options when the host starts; bind them on the builder returned.</summary>
    public static OptionsBuilder<GatewayOptions> AddValidated(IServiceCollection services)
    {
        foreach (var validator in GatewayOptionsValidators.All)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        }

        return services.AddOptions<GatewayOptions>().ValidateOnStart();
    }

    /// <summary>Registers options the loader has already checked, as that instance (no options factory, no second validation).</summary>
    public static void AddChecked(IServiceCollection services, GatewayOptions checkedOptions) =>
        services.AddSingleton(Options.Create(checkedOptions));
}
