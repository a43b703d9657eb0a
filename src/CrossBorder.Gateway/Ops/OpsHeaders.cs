using Microsoft.AspNetCore.Http;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// Headers on every answer of the operations face: no script, no framing, no caching of pages that
/// show the flow, no referrer leaving the console, HTTPS only.
/// </summary>
internal static class OpsHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task AddAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.StrictTransportSecurity = "max-age=31536000";
        return next();
    }
}
