using System.Threading.RateLimiting;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// The third face of a gateway: HTTPS for operators' browsers and for Prometheus, on its own
/// Kestrel server (loopback by default), with the local face's server certificate. Everything
/// needs a credential except the plain health endpoint and the sign-in page: a console session
/// (<see cref="OpsSessions"/>, opened with a one-time code of <see cref="OpsLogins"/>) for pages,
/// a bearer token (<see cref="MetricsTokenAuthentication"/>) for <c>/metrics</c>. Pages show
/// ids, types, states, reason codes, sizes and times: never a value of a payload.
/// </summary>
internal static class OpsFace
{
    /// <summary>The rate limiter policy of the sign-in form.</summary>
    public const string LoginLimit = "login";

    /// <summary>The authorization policy of <c>/metrics</c>.</summary>
    public const string ScraperPolicy = "scraper";

    /// <summary>Sign-in attempts per minute, for everyone together: codes are 160 bits, this only keeps the log quiet.</summary>
    private const int LoginAttemptsPerMinute = 20;

    public static WebApplication Build(GatewayRuntime runtime, IServiceProvider shared, Action<ILoggingBuilder> logging, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        logging(builder.Logging);

        // The data-protection keys live in memory (MemoryKeyRepository), so its warning that keys
        // may be stored unencrypted does not apply; its errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddSingleton<IHostLifetime, ProcessOwnedLifetime>();
        SharedServices.ShareWith(builder.Services, shared);
        builder.Services.AddSingleton(runtime.Ops);
        builder.Services.AddSingleton(runtime.Exchange);
        builder.Services.AddSingleton(new OpsLogins(runtime.Ops.Folder, time));
        var sessions = new OpsSessions(time);
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton<AuditChainCheck>();
        builder.Services.AddSingleton(new CheckpointList(shared.GetRequiredService<Core.Storage.IAuditCheckpoints>(), runtime));

        // Keys for the session cookie and the forms' anti-forgery tokens live in memory only:
        // nothing is written to the operator's home folder, and a restart signs everyone out.
        builder.Services.AddDataProtection();
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new MemoryKeyRepository());
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "crossborder-ops-form";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => OpsSessions.Configure(o, sessions, runtime.Ops.Session, time))
            .AddScheme<MetricsTokenOptions, MetricsTokenAuthentication>(
                MetricsTokenAuthentication.SchemeName, o => o.TokenSha256 = runtime.Ops.MetricsTokenSha256);
        builder.Services.AddAuthorization(o =>
        {
            // Every endpoint needs a signed-in operator unless it says otherwise.
            o.FallbackPolicy = new AuthorizationPolicyBuilder(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build();
            o.AddPolicy(ScraperPolicy, new AuthorizationPolicyBuilder(MetricsTokenAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginLimit, _ => RateLimitPartition.GetFixedWindowLimiter("login", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = LoginAttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        });
        builder.Services.AddRazorPages(o => o.RootDirectory = "/Ops/Pages").AddApplicationPart(typeof(OpsFace).Assembly);
        OpsMonitoring.AddTo(builder.Services);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KestrelLimits.Apply(kestrel.Limits, runtime.Limits);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Listen(runtime.Ops.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = runtime.LocalServerCertificate,
                    SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.NoCertificate,
                });
            });
        });

        var app = builder.Build();
        app.Use(OpsHeaders.AddAsync);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => OpsRefusal.WriteAsync(context, StatusCodes.Status500InternalServerError),
        });
        app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0
            ? Task.CompletedTask
            : OpsRefusal.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/ops.css", () => Results.Text(OpsStyles.Css, "text/css; charset=utf-8")).AllowAnonymous();
        app.MapRazorPages();
        OpsMonitoring.Map(app, shared);
        return app;
    }
}
