using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Storage.Common;

/// <summary>
/// States as SQL literals, for the statements that name a state in their text (so that SQLite plans
/// them with the indexes, the partial one of purging included). The text comes from <see cref="StateNames"/>, the one mapping.
/// </summary>
internal static class StateText
{
    /// <summary>The quoted stored text of an outbox state, e.g. <c>'QUEUED'</c>.</summary>
    public static string Sql(OutboxState state) => Quote(StateNames.Name(state));

    /// <summary>The quoted stored text of an inbox state, e.g. <c>'RECEIVED'</c>.</summary>
    public static string Sql(InboxState state) => Quote(StateNames.Name(state));

    /// <summary>A comma-separated list of quoted outbox states, for <c>IN (…)</c>.</summary>
    public static string Sql(IEnumerable<OutboxState> states) => string.Join(", ", states.Select(Sql));

    /// <summary>A comma-separated list of quoted inbox states, for <c>IN (…)</c>.</summary>
    public static string Sql(IEnumerable<InboxState> states) => string.Join(", ", states.Select(Sql));

    private static string Quote(string name) => "'" + name + "'";
}
