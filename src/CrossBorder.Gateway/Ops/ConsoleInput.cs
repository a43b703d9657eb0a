using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// The console's query-string values, checked before any query: each is a name from a fixed list
/// (windows, types, states, the trust list's participants) or an id part of hex digits. Anything
/// else is refused with INVALID_FORMAT and the field's name, never passed on or echoed.
/// </summary>
internal static class ConsoleInput
{
    /// <summary>The time windows a page may ask for.</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Span)> Windows =
    [
        ("15m", TimeSpan.FromMinutes(15)), ("1h", TimeSpan.FromHours(1)), ("6h", TimeSpan.FromHours(6)),
        ("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7)), ("31d", OperationsLimits.MaxWindow),
    ];

    /// <summary>The states a message can be in (both boxes, and REJECTED for inbound refusals).</summary>
    public static readonly IReadOnlyList<AuditState> States =
        [.. Enum.GetValues<AuditState>().Where(s => s is not AuditState.Submitted and not AuditState.Refusals)];

    public static IEnumerable<MessageType> Types => ProtoEnumNames<MessageType>.Defined;

    public static bool TryWindow(string? text, string fallback, out TimeSpan window)
    {
        var name = string.IsNullOrEmpty(text) ? fallback : text;
        foreach (var (known, span) in Windows)
        {
            if (known == name)
            {
                window = span;
                return true;
            }
        }

        window = default;
        return false;
    }

    public static bool TryType(string? text, out MessageType? type)
    {
        type = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length <= 64 && ProtoEnumNames<MessageType>.TryParse(text, out var parsed) && parsed != MessageType.Unspecified)
        {
            type = parsed;
            return true;
        }

        return false;
    }

    public static bool TryState(string? text, out AuditState? state)
    {
        state = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        foreach (var known in States)
        {
            if (StateNames.Name(known) == text)
            {
                state = known;
                return true;
            }
        }

        return false;
    }

    /// <summary>A participant of the trust list in force (by its exact id), or empty.</summary>
    public static bool TryPeer(string? text, TrustListSnapshot? trust, out string? peer)
    {
        peer = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length <= 64 && ParticipantId.TryParse(text, out var id) && trust?.Find(id) is not null)
        {
            peer = id.ToString();
            return true;
        }

        return false;
    }

    public static bool TryIdPart(string? text, out string? idPart)
    {
        idPart = string.IsNullOrEmpty(text) ? null : text.Trim();
        return idPart is null || MessageQuery.IsIdPart(idPart);
    }

    public static bool TryLimit(string? text, int fallback, out int limit)
    {
        if (string.IsNullOrEmpty(text))
        {
            limit = fallback;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
            && limit is > 0 and <= OperationsLimits.MaxMessages;
    }

    public static string TypeName(MessageType type) => type == MessageType.Unspecified ? "—" : ProtoEnumNames<MessageType>.Name(type);
}
