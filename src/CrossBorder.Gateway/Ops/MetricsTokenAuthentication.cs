using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> for whoever scrapes <c>/metrics</c>: the token's SHA-256 is
/// compared in constant time with the configured one. A request without the header is not
/// authenticated by this scheme; one with a wrong token fails.
/// </summary>
internal sealed class MetricsTokenAuthentication(
    IOptionsMonitor<MetricsTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<MetricsTokenOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "metrics-token";

    /// <summary>The longest header value looked at.</summary>
    private const int MaxTokenCharacters = 512;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > MaxTokenCharacters ||
            !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), Options.TokenSha256))
        {
            return Task.FromResult(AuthenticateResult.Fail("NOT_AUTHORIZED"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "metrics-scraper")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => OpsRefusal.WriteAsync(Context, StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => OpsRefusal.WriteAsync(Context, StatusCodes.Status403Forbidden);
}

/// <summary>The digest of the bearer token <see cref="MetricsTokenAuthentication"/> accepts.</summary>
internal sealed class MetricsTokenOptions : AuthenticationSchemeOptions
{
    public byte[] TokenSha256 { get; set; } = [];
}
