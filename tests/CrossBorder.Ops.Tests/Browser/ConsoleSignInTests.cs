using CrossBorder.Ops.Tests.Infrastructure;
using OpenQA.Selenium;

namespace CrossBorder.Ops.Tests.Browser;

/// <summary>
/// The console in a real browser: an operator signs in through the form with a one-time code made
/// as <c>crossborder ops login</c> makes it, uses the console with the keyboard alone, and signs
/// out; someone without a session only ever sees the sign-in page. A screenshot of each step is kept.
/// </summary>
[Collection(ConsoleFederation.Name)]
public sealed class ConsoleSignInTests(FederationFixture federation)
{
    private static readonly string[] Sections = ["/", "/peers", "/messages", "/refusals", "/audit"];

    [Fact]
    public async Task An_operator_signs_in_with_a_one_time_code_sees_the_overview_and_signs_out()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var chromium = new HeadlessChromium(gateway.Runtime.LocalServerCertificate, new Screenshots("sign-in-and-out"));

        chromium.GoTo(new Uri(gateway.OpsAddress, "/"));
        chromium.WaitForPath("/login");
        chromium.Screenshot("sign-in page");
        chromium.Driver.FindElement(By.Id("code")).SendKeys(OpsBrowser.NewCode(gateway));
        chromium.Driver.FindElement(By.CssSelector("form button[type=submit]")).Click();

        chromium.WaitForPath("/");
        Assert.Equal("Overview", chromium.Driver.FindElement(By.TagName("h1")).Text);
        Assert.Contains("AL/NCP", chromium.Driver.Title, StringComparison.Ordinal);
        var session = chromium.Driver.Manage().Cookies.GetCookieNamed("crossborder-ops");
        Assert.NotNull(session);
        Assert.True(session.IsHttpOnly && session.Secure && session.SameSite == "Strict", $"session cookie: {session}");
        Assert.Equal(Sections, chromium.Driver.FindElements(By.CssSelector("nav a")).Select(a => new Uri(a.GetAttribute("href")!).AbsolutePath));
        chromium.Screenshot("overview");

        chromium.Driver.FindElement(By.XPath("//button[normalize-space()='Sign out']")).Click();
        chromium.WaitForPath("/login");
        Assert.Null(chromium.Driver.Manage().Cookies.GetCookieNamed("crossborder-ops"));
        chromium.GoTo(new Uri(gateway.OpsAddress, "/"));
        chromium.WaitForPath("/login");
        Assert.Empty(chromium.Driver.FindElements(By.CssSelector("nav")));
        chromium.Screenshot("signed out");
    }

    [Fact]
    public async Task A_wrong_code_is_refused_on_the_page_with_its_reason_code()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var chromium = new HeadlessChromium(gateway.Runtime.LocalServerCertificate, new Screenshots("sign-in-refused"));

        chromium.GoTo(new Uri(gateway.OpsAddress, "/login"));
        chromium.Driver.FindElement(By.Id("code")).SendKeys("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA" + Keys.Enter);

        var alert = chromium.Driver.FindElement(By.CssSelector("[role=alert]"));
        Assert.Contains("NOT_AUTHORIZED", alert.Text, StringComparison.Ordinal);
        Assert.Equal("/login", new Uri(chromium.Driver.Url).AbsolutePath);
        Assert.Null(chromium.Driver.Manage().Cookies.GetCookieNamed("crossborder-ops"));
        chromium.Screenshot("refused");
    }

    [Fact]
    public async Task An_anonymous_visit_to_any_section_ends_on_the_sign_in_page()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var chromium = new HeadlessChromium(gateway.Runtime.LocalServerCertificate, new Screenshots("anonymous"));

        foreach (var section in Sections)
        {
            chromium.GoTo(new Uri(gateway.OpsAddress, section));

            chromium.WaitForPath("/login");
            Assert.Equal("Sign in", chromium.Driver.FindElement(By.TagName("h1")).Text);
            Assert.Empty(chromium.Driver.FindElements(By.CssSelector("nav")));
            Assert.DoesNotContain("Trust list", chromium.Driver.PageSource, StringComparison.Ordinal);
            chromium.Screenshot("sign-in page instead of " + section);
        }
    }

    [Fact]
    public void Selenium_cannot_fetch_a_browser_or_driver_of_its_own()
    {
        HeadlessChromium.RequireInstalled();
        using var profile = new TempDirectory();
        HeadlessChromium.ForbidDownloads(profile.Path);

        // Without the paths Selenium would ask Selenium Manager, which downloads what it misses: here it cannot run.
        var error = Assert.ThrowsAny<Exception>(() => new OpenQA.Selenium.Chrome.ChromeDriver(new OpenQA.Selenium.Chrome.ChromeOptions()).Dispose());
        Assert.Contains("Selenium Manager", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_works_with_the_keyboard_alone()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var chromium = new HeadlessChromium(gateway.Runtime.LocalServerCertificate, new Screenshots("keyboard-only"));

        // The code field has the focus on arrival: type the code and press Enter.
        chromium.GoTo(new Uri(gateway.OpsAddress, "/login"));
        Assert.Equal("code", chromium.Focused.GetAttribute("id"));
        chromium.Focused.SendKeys(OpsBrowser.NewCode(gateway) + Keys.Enter);
        chromium.WaitForPath("/");

        // The first Tab shows the skip link; Enter moves to the content.
        var skip = chromium.TabTo(e => e.GetAttribute("class") == "skip", "the skip link", most: 1);
        Assert.Equal("Skip to content", skip.Text);
        Assert.True(skip.Displayed && skip.Location.X >= 0, "the skip link is visible while it has the focus");
        chromium.Screenshot("skip link focused");
        skip.SendKeys(Keys.Enter);
        Assert.EndsWith("#main", chromium.Driver.Url, StringComparison.Ordinal);

        // Every section of the navigation takes the focus in order; Enter on one opens it.
        chromium.GoTo(new Uri(gateway.OpsAddress, "/"));
        foreach (var section in Sections)
        {
            var link = chromium.TabTo(e => e.TagName == "a" && e.GetAttribute("href") is { } href && new Uri(href).AbsolutePath == section, $"the navigation link to {section}");
            Assert.NotEqual("none", link.GetCssValue("outline-style"));
        }

        chromium.Screenshot("navigation focused");
        chromium.GoTo(new Uri(gateway.OpsAddress, "/"));
        chromium.TabTo(e => e.TagName == "a" && e.Text == "Overview", "the navigation link to the overview").SendKeys(Keys.Enter);
        chromium.WaitForPath("/");
        Assert.Equal("page", chromium.Driver.FindElement(By.LinkText("Overview")).GetAttribute("aria-current"));

        // Sign out with the keyboard too.
        chromium.TabTo(e => e.TagName == "button" && e.Text == "Sign out", "the sign-out button").SendKeys(Keys.Enter);
        chromium.WaitForPath("/login");
        chromium.Screenshot("signed out");
    }
}
