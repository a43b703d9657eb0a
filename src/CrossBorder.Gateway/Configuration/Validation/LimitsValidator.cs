using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>The largest envelope and the flood limits of both faces and per peer.</summary>
internal sealed class LimitsValidator : IValidateOptions<GatewayOptions>
{
    public const int MinEnvelopeBytes = 64 * 1024;
    public const int MaxEnvelopeLimit = 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new OptionProblems();
        if (options.MaxEnvelopeBytes is < MinEnvelopeBytes or > MaxEnvelopeLimit)
        {
            problems.Add($"{nameof(options.MaxEnvelopeBytes)} must be between {MinEnvelopeBytes} and {MaxEnvelopeLimit}");
        }

        GatewayLimits.From(options.Limits, problems.Add);
        return problems.Result();
    }
}
