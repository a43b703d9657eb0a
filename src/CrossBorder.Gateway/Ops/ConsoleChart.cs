using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// A bar chart as inline SVG, made on the server (no script; the content security policy allows
/// none): one bar per bucket, a title and a description for screen readers, colours from the
/// stylesheet by class. Pages put a table of the same numbers beside it.
/// </summary>
internal static class ConsoleChart
{
    private const int Width = 720;
    private const int Height = 120;
    private const int Axis = 16;

    /// <summary>The SVG markup of <paramref name="values"/> (one bar each, class <paramref name="barClass"/>).</summary>
    public static string Bars(string id, string title, string description, IReadOnlyList<long> values, string barClass, string startLabel)
    {
        ArgumentNullException.ThrowIfNull(values);
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max());
        var slot = values.Count == 0 ? Width : (double)Width / values.Count;
        var svg = new StringBuilder();
        var html = HtmlEncoder.Default;
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{html.Encode(id)}\" viewBox=\"0 0 {Width} {Height}\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"{html.Encode(id)}-title {html.Encode(id)}-desc\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{html.Encode(id)}-title\">{html.Encode(title)}</title><desc id=\"{html.Encode(id)}-desc\">{html.Encode(description)}</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"0\" y1=\"{Height - Axis}\" x2=\"{Width}\" y2=\"{Height - Axis}\"/>");
        for (var i = 0; i < values.Count; i++)
        {
            var height = (Height - Axis - 4) * values[i] / (double)max;
            if (values[i] > 0)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"{html.Encode(barClass)}\" x=\"{(i * slot) + 1:0.##}\" y=\"{Height - Axis - height:0.##}\" width=\"{Math.Max(1, slot - 2):0.##}\" height=\"{height:0.##}\"><title>{values[i]}</title></rect>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"2\" y=\"{Height - 3}\">{html.Encode(startLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Width - 2}\" y=\"{Height - 3}\" text-anchor=\"end\">now</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"2\" y=\"12\">max {max}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
