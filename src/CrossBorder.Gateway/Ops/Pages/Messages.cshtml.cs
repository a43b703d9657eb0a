using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>
/// The message list: a GET form of filters (id or part, peer, type, state, window, page size), newest
/// first, bounded. Every filter value is checked against its fixed list first; a bad one is answered
/// 400 with INVALID_FORMAT and the field's name.
/// </summary>
internal sealed class MessagesModel(IOperationsView view, TrustListManager trust, TimeProvider time) : PageModel
{
    public const int DefaultLimit = 50;

    [BindProperty(SupportsGet = true, Name = "id")]
    public string? Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "peer")]
    public string? Peer { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "window")]
    public string? Window { get; set; }

    [BindProperty(SupportsGet = true, Name = "limit")]
    public string? Limit { get; set; }

    /// <summary>The refused field, when a filter value was refused (the page answers 400).</summary>
    public string? RefusedField { get; private set; }

    public static string RefusedReason => ReasonCode.InvalidFormat.Name();

    public IReadOnlyList<MessageSummary> Messages { get; private set; } = [];

    public int PageSize { get; private set; } = DefaultLimit;

    public IReadOnlyList<string> Peers { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var snapshot = trust.Current;
        Peers = snapshot is null ? [] : [.. snapshot.Participants.Keys.Select(p => p.ToString()).Order(StringComparer.Ordinal)];
        string? idPart = null, peer = null;
        MessageType? type = null;
        AuditState? state = null;
        var window = TimeSpan.Zero;
        var limit = DefaultLimit;
        RefusedField =
            !ConsoleInput.TryIdPart(Id, out idPart) ? "id"
            : !ConsoleInput.TryPeer(Peer, snapshot, out peer) ? "peer"
            : !ConsoleInput.TryType(Type, out type) ? "type"
            : !ConsoleInput.TryState(State, out state) ? "state"
            : !ConsoleInput.TryWindow(Window, "24h", out window) ? "window"
            : !ConsoleInput.TryLimit(Limit, DefaultLimit, out limit) ? "limit"
            : null;
        if (RefusedField is not null)
        {
            // Nothing of the refused value is shown again.
            Id = Peer = Type = State = Window = Limit = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        PageSize = limit;
        var until = Now + TimeSpan.FromSeconds(1);
        var query = new MessageQuery(until - window, until, limit, idPart, peer, type, state);
        Messages = await view.MessagesAsync(query, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public static string StateClass(AuditState state) => state switch
    {
        AuditState.Delivered or AuditState.Acknowledged or AuditState.Received or AuditState.Offered or AuditState.Purged => "ok",
        AuditState.Queued or AuditState.Sending or AuditState.RetryWait => "warn",
        _ => "bad",
    };

    public static string TypeName(MessageType type) => ConsoleInput.TypeName(type);
}
