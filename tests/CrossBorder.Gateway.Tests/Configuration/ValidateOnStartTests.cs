using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Validation;
using CrossBorder.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>
/// A host that binds <see cref="GatewayOptions"/> itself, without the loader, is refused when it
/// starts, with every validator's failures at once and in the loader's words; the gateway's own
/// container takes the loader's checked options as they are.
/// </summary>
public sealed class ValidateOnStartTests
{
    [Fact]
    public async Task A_host_with_bad_options_is_refused_at_start_with_every_failure()
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrossBorder:Gateway:DispatchParallelism"] = "0",
            ["CrossBorder:Gateway:RevocationMode"] = "Maybe",
            ["CrossBorder:Gateway:Limits:MaxConnections"] = "0",
        };
        using var host = Host(settings);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));

        Assert.Equal(
        [
            "Limits.MaxConnections must be 1 to 100000",
            "RevocationMode must be HardFail or SoftFail",
            "LocalRoles: at least one local role is required",
            "DispatchParallelism must be 1 to 256",
        ], refused.Failures);
        var bound = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(GatewayOptions.Section).Get<GatewayOptions>()!;
        Assert.Equal(GatewayOptionsValidators.Problems(bound), refused.Failures);
    }

    [Fact]
    public async Task A_host_with_sound_options_starts_and_serves_them()
    {
        using var host = Host(new Dictionary<string, string?>
        {
            ["CrossBorder:Gateway:LocalRoles:0:Name"] = "case-worker",
            ["CrossBorder:Gateway:LocalRoles:0:MaySubmit:0"] = "CASE_REFERRAL",
            ["CrossBorder:Gateway:DispatchParallelism"] = "4",
        });

        await host.StartAsync(CancellationToken.None);

        Assert.Equal(4, host.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.DispatchParallelism);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void The_gateway_s_container_takes_the_loader_s_checked_options_as_they_are()
    {
        var services = new ServiceCollection();
        var checkedOptions = new GatewayOptions { DispatchParallelism = 0 };

        GatewayOptionsRegistration.AddChecked(services, checkedOptions);
        using var provider = services.BuildServiceProvider();

        // No options factory: the very instance, even one the validators would refuse, is not validated again.
        Assert.Same(checkedOptions, provider.GetRequiredService<IOptions<GatewayOptions>>().Value);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        GatewayOptionsRegistration.AddValidated(builder.Services).Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        return builder.Build();
    }
}
