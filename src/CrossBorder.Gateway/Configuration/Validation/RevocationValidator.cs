using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>Revocation mode and windows, CRL fetching and the trust list's grace and poll times.</summary>
internal sealed class RevocationValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        var problems = new OptionProblems();
        if (o.CrlFetchMinutes is < 0.01 or > 24 * 60 * 7)
        {
            problems.Add($"{nameof(o.CrlFetchMinutes)} must be 0.01 to 10080");
        }

        if (o.TrustListGraceHours is < 0 or > 24 * 30 || o.TrustListPollSeconds is < 0.1 or > 24 * 3600)
        {
            problems.Add($"{nameof(o.TrustListGraceHours)} must be 0 to 720 and {nameof(o.TrustListPollSeconds)} 0.1 to 86400");
        }

        if (o.RevocationMode is not ("HardFail" or "SoftFail"))
        {
            problems.Add($"{nameof(o.RevocationMode)} must be HardFail or SoftFail");
        }

        if (o.RevocationSoftFailHours is < 0 or > 24 * 30 || o.RevocationWarnHours is < 0 or > 24 * 60)
        {
            problems.Add($"{nameof(o.RevocationSoftFailHours)} must be 0 to 720 and {nameof(o.RevocationWarnHours)} 0 to 1440");
        }

        return problems.Result();
    }
}
