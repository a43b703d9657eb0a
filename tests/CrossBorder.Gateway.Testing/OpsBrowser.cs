using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using CrossBorder.Gateway.Ops;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// An HTTP client of a gateway's operations face that behaves like a browser: keeps cookies, posts
/// forms with their anti-forgery token, follows no redirect by itself (tests look at each answer),
/// and trusts exactly the gateway's local server certificate.
/// </summary>
internal sealed partial class OpsBrowser : IDisposable
{
    private readonly HttpClient _http;

    public OpsBrowser(Uri opsAddress, X509Certificate2 expectedServer)
    {
        ArgumentNullException.ThrowIfNull(expectedServer);
        var expected = expectedServer.RawData;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = Cookies,
            UseCookies = true,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected),
            },
        };
        _http = new HttpClient(handler) { BaseAddress = opsAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>A browser of a test gateway's operations face.</summary>
    public static OpsBrowser Of(TestGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return new OpsBrowser(gateway.OpsAddress, gateway.Runtime.LocalServerCertificate);
    }

    /// <summary>Makes a one-time code as <c>crossborder ops login</c> does.</summary>
    public static string NewCode(TestGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return new OpsLogins(gateway.Runtime.Ops.Folder, TimeProvider.System).Create(gateway.Runtime.Ops.LoginLifetime);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative));

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>The body of a page that must answer 200.</summary>
    public async Task<string> PageAsync(string path)
    {
        using var answer = await GetAsync(path);
        var body = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)answer.StatusCode}: {body}");
        }

        return body;
    }

    /// <summary>Posts a form of the page at <paramref name="formPage"/> with its anti-forgery token; the answer, not followed.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await PageAsync(formPage);
        var token = AntiForgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{formPage} has no anti-forgery token");
        }

        using var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token.Groups[1].Value)]);
        return await _http.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>Signs in with <paramref name="code"/>; the answer to the form.</summary>
    public Task<HttpResponseMessage> SignInAsync(string code) => PostFormAsync("/login", "/login", [new("code", code)]);

    /// <summary>Signs in with a fresh code and checks that it worked.</summary>
    public async Task SignInAsync(TestGateway gateway)
    {
        using var answer = await SignInAsync(NewCode(gateway));
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)answer.StatusCode}");
        }
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
