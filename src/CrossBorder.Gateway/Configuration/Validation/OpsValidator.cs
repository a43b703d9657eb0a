using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>The operations face's lifetimes: a session long enough to watch, a login code short enough not to linger.</summary>
internal sealed class OpsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new OptionProblems();
        problems.Range(options.Ops.SessionMinutes, 1, 12 * 60, $"{nameof(options.Ops)}.{nameof(options.Ops.SessionMinutes)}");
        problems.Range(options.Ops.LoginMinutes, 1, 60, $"{nameof(options.Ops)}.{nameof(options.Ops.LoginMinutes)}");
        return problems.Result();
    }
}
