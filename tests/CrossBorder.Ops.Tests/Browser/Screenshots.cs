using System.Text;
using OpenQA.Selenium;

namespace CrossBorder.Ops.Tests.Browser;

/// <summary>
/// Screenshots of one test, kept as artifacts in <c>artifacts/screenshots/&lt;test&gt;/</c> under the
/// repository root (next to <c>artifacts/test.log</c> of <c>make test</c>), numbered in the order taken.
/// The folder is emptied when the test starts, so it shows the last run only.
/// </summary>
internal sealed class Screenshots
{
    private int _count;

    public Screenshots(string test)
    {
        Folder = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots", test);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Save(ITakesScreenshot browser, string step)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var name = new StringBuilder();
        foreach (var c in step)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var path = Path.Combine(Folder, $"{Interlocked.Increment(ref _count):00}-{name}.png");
        browser.GetScreenshot().SaveAsFile(path);
        return path;
    }
}
