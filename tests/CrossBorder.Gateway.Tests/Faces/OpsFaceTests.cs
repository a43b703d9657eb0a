using System.Net;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Faces;

/// <summary>
/// The operations face over real HTTPS: nothing but the sign-in page answers without a credential;
/// a one-time code opens one short session, once; the session cookie cannot be read by script or
/// sent cross-site; sign-out ends the session in the gateway, not just in the browser.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class OpsFaceTests(FederationFixture federation)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/peers")]
    [InlineData("/messages")]
    [InlineData("/audit")]
    public async Task An_anonymous_page_request_is_sent_to_sign_in_and_shown_nothing(string path)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);

        using var answer = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login", answer.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain("Trust list", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_time_code_opens_a_strict_session_once()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        var code = OpsBrowser.NewCode(gateway);

        using var signedIn = await browser.SignInAsync(code);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crossborder-ops=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h1>Overview</h1>", await browser.PageAsync("/"), StringComparison.Ordinal);

        // The session's keys are made in memory: no warning about keys stored unencrypted (a
        // flood-limited peer budget counts warnings), and nothing written to the home folder.
        Assert.DoesNotContain(gateway.Log.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);

        using var other = OpsBrowser.Of(gateway);
        using var again = await other.SignInAsync(code);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("Refused: NOT_AUTHORIZED", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stillOut = await other.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAA1")]
    public async Task A_wrong_code_is_refused_as_NOT_AUTHORIZED(string code)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);

        using var answer = await browser.SignInAsync(code);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("Refused: NOT_AUTHORIZED", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Cookies.GetAllCookies(), c => c.Name == "crossborder-ops");
    }

    [Fact]
    public async Task A_sign_in_without_the_forms_token_is_refused()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("code", OpsBrowser.NewCode(gateway))]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = form };

        using var answer = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("refused: MALFORMED\n", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_out_ends_the_session_in_the_gateway()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);
        var session = browser.Cookies.GetAllCookies().Single(c => c.Name == "crossborder-ops");

        using var signedOut = await browser.PostFormAsync("/", "/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        // The old cookie, replayed, opens nothing: the session is gone from the gateway.
        using var replay = OpsBrowser.Of(gateway);
        replay.Cookies.Add(gateway.OpsAddress, new Cookie(session.Name, session.Value));
        using var answer = await replay.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login", answer.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Every_answer_forbids_script_framing_and_caching()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);

        using var answer = await browser.GetAsync("/login");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("default-src 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(answer.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task An_unknown_path_is_not_found_only_after_sign_in_and_says_no_more()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);

        using var answer = await browser.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("refused: NOT_FOUND\n", await answer.Content.ReadAsStringAsync());
    }
}
