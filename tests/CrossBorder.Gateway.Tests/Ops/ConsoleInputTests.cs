using System.Net;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Ops;

/// <summary>
/// The console's query strings and paths are someone else's input: a value that is not one of the
/// fixed names (or hex digits for an id) is answered 400 with INVALID_FORMAT and the field's name,
/// never echoed and never an exception; no page shows anything without a session.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class ConsoleInputTests(FederationFixture federation)
{
    [Theory]
    [InlineData("/messages?id=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "id")]
    [InlineData("/messages?id=%25", "id")]
    [InlineData("/messages?id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "id")]
    [InlineData("/messages?peer=XX%2FNOPE", "peer")]
    [InlineData("/messages?peer=%27%20OR%201%3D1%20--", "peer")]
    [InlineData("/messages?type=NOT_A_TYPE", "type")]
    [InlineData("/messages?type=UNSPECIFIED", "type")]
    [InlineData("/messages?state=REFUSALS", "state")]
    [InlineData("/messages?state=delivered", "state")]
    [InlineData("/messages?window=100y", "window")]
    [InlineData("/messages?limit=100000", "limit")]
    [InlineData("/messages?limit=-1", "limit")]
    [InlineData("/messages?limit=1e3", "limit")]
    public async Task A_filter_value_the_console_does_not_know_is_refused_as_INVALID_FORMAT_naming_the_field(string path, string field)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);

        using var answer = await browser.GetAsync(path);
        var page = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains($"id=\"refused\" class=\"bad\" role=\"alert\" data-field=\"{field}\"", page, StringComparison.Ordinal);
        Assert.Equal("INVALID_FORMAT", ConsoleHtml.Cell(page, "reason"));
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("NOPE", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"messages\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/messages/not-hex-at-all", HttpStatusCode.BadRequest, "INVALID_FORMAT")]
    [InlineData("/messages/%3Cb%3E", HttpStatusCode.BadRequest, "INVALID_FORMAT")]
    [InlineData("/messages/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("/refusals?window=2h", HttpStatusCode.BadRequest, "INVALID_FORMAT")]
    public async Task A_bad_or_unknown_message_id_and_an_unknown_window_are_refused_with_their_code(string path, HttpStatusCode status, string reason)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);

        using var answer = await browser.GetAsync(path);
        var page = await answer.Content.ReadAsStringAsync();

        Assert.Equal(status, answer.StatusCode);
        Assert.Contains("id=\"refused\"", page, StringComparison.Ordinal);
        Assert.Equal(reason, ConsoleHtml.Cell(page, "reason"));
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/refusals")]
    [InlineData("/messages?state=DELIVERED")]
    [InlineData("/messages/0123456789abcdef0123456789abcdef")]
    [InlineData("/peers")]
    public async Task Every_console_page_sends_an_anonymous_request_to_sign_in(string path)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);

        using var answer = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login", answer.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_anonymous_verification_of_the_chain_is_refused_before_it_runs()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        using var form = new FormUrlEncodedContent([]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/audit") { Content = form };

        using var answer = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login", answer.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Every_page_with_no_traffic_yet_answers_and_uses_no_inline_style_or_script()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);

        foreach (var path in new[] { "/", "/peers", "/messages", "/messages?window=31d&limit=200", "/refusals", "/refusals?window=24h", "/audit" })
        {
            var page = await browser.PageAsync(path);
            Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
            Assert.Contains("<a class=\"skip\" href=\"#main\">", page, StringComparison.Ordinal);
        }
    }
}
