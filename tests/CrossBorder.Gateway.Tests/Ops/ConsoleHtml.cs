using System.Text.RegularExpressions;

namespace CrossBorder.Gateway.Tests.Ops;

/// <summary>Reads the console's pages by their documented hooks (ids, data attributes, classes).</summary>
internal static partial class ConsoleHtml
{
    /// <summary>The element with id <paramref name="id"/> through its closing tag (tables and sections are not nested in themselves).</summary>
    public static string Element(string html, string tag, string id)
    {
        var start = html.IndexOf($"<{tag} id=\"{id}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            start = html.IndexOf($" id=\"{id}\"", StringComparison.Ordinal) is var at and >= 0 ? html.LastIndexOf($"<{tag}", at, StringComparison.Ordinal) : -1;
        }

        Assert.True(start >= 0, $"no <{tag} id=\"{id}\"> on the page");
        var end = html.IndexOf($"</{tag}>", start, StringComparison.Ordinal);
        return html[start..(end + tag.Length + 3)];
    }

    /// <summary>The table row whose start tag has <paramref name="attribute"/> (e.g. <c>data-peer="AL/NCP"</c>), or null.</summary>
    public static string? Row(string html, string attribute)
    {
        foreach (Match row in TableRow().Matches(html))
        {
            if (row.Groups[1].Value.Contains(attribute, StringComparison.Ordinal))
            {
                return row.Value;
            }
        }

        return null;
    }

    /// <summary>Every row's value of a data attribute, in page order.</summary>
    public static IReadOnlyList<string> Attributes(string html, string attribute) =>
        [.. Regex.Matches(html, $"<tr[^>]* {Regex.Escape(attribute)}=\"([^\"]*)\"").Select(m => m.Groups[1].Value)];

    /// <summary>The text of the first cell with class <paramref name="cssClass"/> (among others) in <paramref name="html"/>.</summary>
    public static string Cell(string html, string cssClass)
    {
        var match = Regex.Match(html, $"<(td|th|span)[^>]* class=\"(?:[^\"]* )?{Regex.Escape(cssClass)}(?: [^\"]*)?\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no cell of class {cssClass}");
        return Regex.Replace(match.Groups[2].Value, "<[^>]+>", "").Trim();
    }

    [GeneratedRegex("<tr([^>]*)>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();
}
