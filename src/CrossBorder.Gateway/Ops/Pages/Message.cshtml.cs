using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>
/// One message: what the boxes hold about it, its evidence trail (the audit entries of its id, both
/// directions) with the receipt's presence, and its spans in this gateway with the trace id to look
/// up in the operator's collector. The id in the path is checked first (hex digits and dashes).
/// </summary>
internal sealed class MessageModel(IMessageStore store, SpanRecorder spans, TimeProvider time) : PageModel
{
    /// <summary>The refusal when the id is not an id (400) or no such message is known (404).</summary>
    public ReasonCode? Refused { get; private set; }

    public string MessageId { get; private set; } = "";

    public IReadOnlyList<MessageSummary> Rows { get; private set; } = [];

    public IReadOnlyList<AuditEntry> Trail { get; private set; } = [];

    public OutboundRecord? Outbound { get; private set; }

    /// <summary>Inbound records of this id, with the receipt this gateway signed.</summary>
    public IReadOnlyList<InboundRecord> Inbound { get; private set; } = [];

    public string? TraceId { get; private set; }

    public IReadOnlyList<RecordedSpan> Spans { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null || id.Length > OperationsLimits.MaxIdPart || !MessageQuery.IsIdPart(id))
        {
            Refused = ReasonCode.InvalidFormat;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        MessageId = id.ToLowerInvariant();
        var now = time.GetUtcNow();
        Trail = await store.TrailAsync(MessageId, cancellationToken).ConfigureAwait(false);
        var recent = await store.MessagesAsync(
            new MessageQuery(now + TimeSpan.FromSeconds(1) - OperationsLimits.MaxWindow, now + TimeSpan.FromSeconds(1), 10, MessageId), cancellationToken).ConfigureAwait(false);
        Rows = [.. recent.Where(r => r.MessageId == MessageId)];
        Outbound = await store.FindOutboundAsync(MessageId, cancellationToken).ConfigureAwait(false);
        var inbound = new List<InboundRecord>();
        foreach (var sender in Trail.Where(e => e.Direction == AuditDirection.In).Select(e => e.Peer).Distinct(StringComparer.Ordinal))
        {
            if (await store.FindInboundAsync(sender, MessageId, cancellationToken).ConfigureAwait(false) is { } record)
            {
                inbound.Add(record);
            }
        }

        Inbound = inbound;
        if (Trail.Count == 0 && Outbound is null && Rows.Count == 0)
        {
            Refused = ReasonCode.NotFound;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        TraceId = ConsoleText.TraceId(Outbound?.TraceParent) ?? Rows.Select(r => ConsoleText.TraceId(r.TraceParent)).FirstOrDefault(t => t is not null);
        Spans = TraceId is null ? [] : spans.Trace(TraceId);
        return Page();
    }

    public static string TypeName(MessageType type) => ConsoleInput.TypeName(type);
}
