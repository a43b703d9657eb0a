using System.Net;
using System.Text.RegularExpressions;

namespace CrossBorder.Ops.Tests.Canary;

/// <summary>One answer of the console: the path asked for, the status, the media type and the body.</summary>
internal sealed record CrawledPage(string Path, HttpStatusCode Status, string? MediaType, string Body);

/// <summary>
/// Every page of a console a signed-in operator can reach by following links from the overview:
/// each same-origin link (<c>href</c>, <c>src</c>, a GET form's <c>action</c>) and redirect, once,
/// up to a bound. Pages added later are covered without naming them here.
/// </summary>
internal static partial class ConsoleCrawl
{
    public const int MaxPages = 400;

    public static async Task<List<CrawledPage>> RunAsync(OpsBrowser browser, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(origin);
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var queue = new Queue<string>(["/"]);
        var pages = new List<CrawledPage>();
        while (queue.Count > 0 && pages.Count < MaxPages)
        {
            var path = queue.Dequeue();
            using var answer = await browser.GetAsync(path);
            var body = await answer.Content.ReadAsStringAsync();
            pages.Add(new CrawledPage(path, answer.StatusCode, answer.Content.Headers.ContentType?.MediaType, body));
            var next = Links(body).ToList();
            if (answer.Headers.Location is { } location)
            {
                next.Add(location.OriginalString);
            }

            foreach (var link in next)
            {
                if (SameOrigin(link, origin) is { } local && !local.StartsWith("/logout", StringComparison.Ordinal) && seen.Add(local))
                {
                    queue.Enqueue(local);
                }
            }
        }

        return pages;
    }

    private static IEnumerable<string> Links(string html)
    {
        foreach (Match link in Link().Matches(html))
        {
            yield return WebUtility.HtmlDecode(link.Groups["url"].Value);
        }

        foreach (Match form in Form().Matches(html))
        {
            if (!form.Value.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase))
            {
                yield return WebUtility.HtmlDecode(form.Groups["url"].Value);
            }
        }
    }

    /// <summary>The path and query of a link to this console, or null for anything else (other hosts, fragments only, schemes).</summary>
    private static string? SameOrigin(string link, Uri origin)
    {
        var withoutFragment = link.Split('#')[0];
        if (withoutFragment.Length == 0 || !Uri.TryCreate(origin, withoutFragment, out var target))
        {
            return null;
        }

        return target.Scheme == origin.Scheme && target.Authority == origin.Authority ? target.PathAndQuery : null;
    }

    [GeneratedRegex("""(?:href|src)\s*=\s*"(?<url>[^"]*)" """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Link();

    [GeneratedRegex("""<form\b[^>]*?action\s*=\s*"(?<url>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex Form();
}
