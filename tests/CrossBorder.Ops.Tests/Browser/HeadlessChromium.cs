using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CrossBorder.Ops.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven through Debian's chromedriver: one fresh browser (its own
/// temporary profile, 1366×768) per test, trusting exactly one gateway's HTTPS certificate. Nothing
/// is ever downloaded: both programs are named by path, and Selenium Manager (which would fetch a
/// browser) is pointed at a file that does not exist, so any attempt to run it fails the test.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";
    public const string Packages = "chromium chromium-driver";

    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _profile = new();
    private readonly ChromeDriverService _service;

    public HeadlessChromium(X509Certificate2 trusted, Screenshots screenshots)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        RequireInstalled();
        Screenshots = screenshots;

        ForbidDownloads(_profile.Path);
        _service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        _service.HideCommandPromptWindow = true;
        _service.SuppressInitialDiagnosticInformation = true;

        var options = new ChromeOptions { BinaryLocation = BrowserPath, AcceptInsecureCertificates = false };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox", // the tests may run as root, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1366,768",
            $"--user-data-dir={_profile.File("profile")}",
            // Trust exactly the gateway's own server key, not "any certificate": the console's
            // certificate comes from the participant's local CA, which no browser knows, and a
            // blanket --ignore-certificate-errors would also hide a wrong certificate being served.
            // Chromium honours this list only with a user data folder of its own, which it has.
            $"--ignore-certificate-errors-spki-list={SpkiPin(trusted)}");
        Driver = new ChromeDriver(_service, options, PageTimeout);
        Driver.Manage().Timeouts().PageLoad = PageTimeout;
    }

    public ChromeDriver Driver { get; }

    public Screenshots Screenshots { get; }

    /// <summary>Fails (never skips) with the packages to install when the browser or its driver is missing.</summary>
    public static void RequireInstalled()
    {
        var missing = new[] { BrowserPath, DriverPath }.Where(p => !File.Exists(p)).ToList();
        Assert.True(missing.Count == 0,
            $"the browser tests need Debian's headless Chromium and its driver ({string.Join(", ", missing)} missing): "
            + $"install them with `apt-get install -y {Packages}` (or run `bash .ci/prepare-test-tools` as root)");
    }

    /// <summary>
    /// If Selenium ever looked for a driver or browser on its own it would run Selenium Manager,
    /// which downloads them: point it at a program that does not exist, so that this fails loudly.
    /// </summary>
    public static void ForbidDownloads(string folder) =>
        Environment.SetEnvironmentVariable("SE_MANAGER_PATH", Path.Combine(folder, "no-selenium-manager"));

    /// <summary>Chromium's pin of a certificate: base64 of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string SpkiPin(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    public void GoTo(Uri address) => Driver.Navigate().GoToUrl(address);

    /// <summary>Waits until the page's path is <paramref name="path"/>.</summary>
    public void WaitForPath(string path)
    {
        var wait = new WebDriverWait(Driver, PageTimeout);
        try
        {
            wait.Until(d => new Uri(d.Url).AbsolutePath == path);
        }
        catch (WebDriverTimeoutException)
        {
            Assert.Fail($"the browser stayed at {Driver.Url}, expected the path {path}");
        }
    }

    /// <summary>The element the keyboard focus is on.</summary>
    public IWebElement Focused => Driver.SwitchTo().ActiveElement();

    /// <summary>Presses Tab until an element matching <paramref name="wanted"/> has the focus; fails after <paramref name="most"/> presses.</summary>
    public IWebElement TabTo(Func<IWebElement, bool> wanted, string what, int most = 30)
    {
        for (var i = 0; i < most; i++)
        {
            new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys(Keys.Tab).Perform();
            var focused = Focused;
            if (wanted(focused))
            {
                return focused;
            }
        }

        Assert.Fail($"{what} never took the keyboard focus within {most} presses of Tab on {Driver.Url}");
        return null!;
    }

    /// <summary>Saves what the browser shows now.</summary>
    public string Screenshot(string step) => Screenshots.Save(Driver, step);

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            _profile.Dispose();
        }
    }
}
