using System.Text;
using System.Text.RegularExpressions;

namespace CrossBorder.Ops.Tests.Canary;

/// <summary>
/// Everything an operator, a scraper or a log reader can see, as (where, text) pairs, and the
/// search of it for canary values in each of their encoded forms.
/// </summary>
internal sealed class Exposure
{
    private readonly List<(string Where, string Text)> _texts = [];

    public int Count => _texts.Count;

    public void Add(string where, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _texts.Add((where, text));
        }
    }

    /// <summary>Bytes are searched as UTF-8 text (and so as Latin-1 for ASCII values).</summary>
    public void Add(string where, byte[]? bytes)
    {
        if (bytes is { Length: > 0 })
        {
            _texts.Add((where, Encoding.Latin1.GetString(bytes)));
            _texts.Add((where, Encoding.UTF8.GetString(bytes)));
        }
    }

    /// <summary>Where each needle shows up, in which form: one line per finding.</summary>
    public List<string> Find(IReadOnlyDictionary<string, string> needles)
    {
        var found = new List<string>();
        foreach (var (field, value) in needles)
        {
            foreach (var (form, text) in Canaries.Forms(value).DistinctBy(f => f.Text))
            {
                // Short codes (a country, a subdivision) only as a word of their own: inside a random
                // token they mean nothing. Everything else anywhere, in any case.
                var word = text.Length <= 6 ? new Regex($@"(?<![A-Za-z0-9]){Regex.Escape(text)}(?![A-Za-z0-9])", RegexOptions.CultureInvariant) : null;
                foreach (var (where, haystack) in _texts)
                {
                    var at = word is not null ? word.Match(haystack) is { Success: true } m ? m.Index : -1
                        : haystack.IndexOf(text, StringComparison.OrdinalIgnoreCase);
                    if (at >= 0)
                    {
                        var from = Math.Max(0, at - 60);
                        var around = haystack.Substring(from, Math.Min(haystack.Length - from, text.Length + 120)).ReplaceLineEndings(" ");
                        found.Add($"{field} = \"{value}\" ({form}) in {where}: …{around}…");
                        break;
                    }
                }
            }
        }

        return found;
    }
}
