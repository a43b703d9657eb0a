using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// How the operations face refuses a request that is not a page view: a status and one line
/// naming the reason code, nothing else (no exception text, no stack trace).
/// </summary>
internal static class OpsRefusal
{
    public static Task WriteAsync(HttpContext context, int status, ReasonCode? reason = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        reason ??= status switch
        {
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => ReasonCode.NotAuthorized,
            StatusCodes.Status404NotFound => ReasonCode.NotFound,
            StatusCodes.Status429TooManyRequests => ReasonCode.RateLimited,
            StatusCodes.Status400BadRequest => ReasonCode.Malformed,
            _ => ReasonCode.Unavailable,
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return context.Response.WriteAsync($"refused: {reason.Value.Name()}\n");
    }
}
