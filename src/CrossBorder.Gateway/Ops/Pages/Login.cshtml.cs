using System.Security.Claims;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>Sign-in with a one-time code; the session cookie is set only after the code is redeemed.</summary>
[AllowAnonymous]
[EnableRateLimiting(OpsFace.LoginLimit)]
internal sealed partial class LoginModel(OpsLogins logins, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>The reason code of a refused sign-in, shown on the page.</summary>
    public string? Refused { get; private set; }

    /// <summary>Where to go after signing in: a path of this console only.</summary>
    [BindProperty(SupportsGet = true, Name = "next")]
    public string? Next { get; set; }

    public void OnGet()
    {
        Next = SafeNext(Next);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? code)
    {
        Next = SafeNext(Next);
        if (!logins.Redeem(code))
        {
            SignInRefused(logger);
            Refused = ReasonCode.NotAuthorized.Name();
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        SignedIn(logger);
        return LocalRedirect(Next ?? "/");
    }

    /// <summary>A local path (one slash, no scheme or host), else null: a sign-in never sends anyone elsewhere.</summary>
    private string? SafeNext(string? next) =>
        next is { Length: > 0 and <= 512 } && Url.IsLocalUrl(next) && !next.StartsWith("/login", StringComparison.OrdinalIgnoreCase) ? next : null;

    [LoggerMessage(5001, LogLevel.Information, "Operator signed in to the console with a one-time code")]
    private static partial void SignedIn(ILogger logger);

    [LoggerMessage(5002, LogLevel.Warning, "Console sign-in refused: NOT_AUTHORIZED (unknown, used or expired code)")]
    private static partial void SignInRefused(ILogger logger);
}
