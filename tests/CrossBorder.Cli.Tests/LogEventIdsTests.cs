using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// Operators filter and alert on log event ids: every source-generated log event of the product
/// has its own id, so that one id never means two things.
/// </summary>
public sealed class LogEventIdsTests
{
    private static readonly string[] Products = ["CrossBorder.Core", "CrossBorder.Storage", "CrossBorder.Gateway", "crossborder"];

    [Fact]
    public void Every_log_event_id_names_one_event()
    {
        var events = Products
            .Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.True(events.Count >= 40, $"only {events.Count} log events found: the assemblies were not all inspected");
        var shared = events
            .GroupBy(e => e.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}")
            .ToList();
        Assert.True(shared.Count == 0, "log event ids used twice: " + string.Join("; ", shared));
    }
}
