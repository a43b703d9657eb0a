using System.Globalization;

namespace CrossBorder.Gateway.Ops;

/// <summary>How the console writes times, ages and sizes: one format on every page, in UTC.</summary>
internal static class ConsoleText
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    /// <summary>A duration as people say it: 42 s, 5 min, 3.5 h, 12 d (negative: "ago" is the caller's word).</summary>
    public static string Span(TimeSpan span)
    {
        var abs = span.Duration();
        var text = abs.TotalSeconds < 90 ? $"{abs.TotalSeconds:0} s"
            : abs.TotalMinutes < 90 ? $"{abs.TotalMinutes:0} min"
            : abs.TotalHours < 48 ? $"{abs.TotalHours:0.#} h"
            : $"{abs.TotalDays:0.#} d";
        return span < TimeSpan.Zero ? "−" + text : text;
    }

    public static string Ago(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Span(now - t) + " ago" : "—";

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };

    /// <summary>The first <paramref name="length"/> hex digits of <paramref name="bytes"/> (all of them when fewer).</summary>
    public static string Hex(IEnumerable<byte> bytes, int length)
    {
        var hex = Convert.ToHexStringLower([.. bytes]);
        return hex[..Math.Min(length, hex.Length)];
    }

    /// <summary>The trace id (32 hex digits) of a W3C traceparent, or null.</summary>
    public static string? TraceId(string? traceParent) =>
        traceParent is { Length: 55 } && traceParent[2] == '-' && traceParent[35] == '-' && traceParent[3..35].All(char.IsAsciiHexDigitLower)
            ? traceParent[3..35]
            : null;
}
