using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Gateway.Security;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrossBorder.Gateway.Services;

/// <summary>
/// The local face: submit, inbox, acknowledge, status and who-am-i for local clients
/// authenticated by the gateway's local CA. Each local role submits and reads only the message
/// types its configuration grants.
/// </summary>
internal sealed class LocalExchangeService(
    ParticipantId self,
    LocalRoles roles,
    EnvelopeSize envelopeSize,
    Submission submission,
    InboundDelivery inbound,
    IOutboxStore outbox,
    IInboxStore inbox,
    IAuditTrail audit,
    InboxSignal signal,
    TimeProvider time) : LocalExchange.LocalExchangeBase
{
    private const int DefaultInboxBatch = 16;
    private const int MaxInboxBatch = 100;
    private const int MaxWaitSeconds = 60;

    public override Task<WhoAmIResponse> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var client = CallerIdentity.Local(context);
        var role = roles[client.Role];
        var response = new WhoAmIResponse { Participant = self.ToString(), LocalRole = client.Role };
        response.MaySubmit.AddRange(role.MaySubmit.Order());
        response.MayRead.AddRange(role.MayRead.Order());
        return Task.FromResult(response);
    }

    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var role = roles[CallerIdentity.Local(context).Role];
        return await submission.SubmitAsync(request, role, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<InboxResponse> Inbox(InboxRequest request, ServerCallContext context)
    {
        var role = roles[CallerIdentity.Local(context).Role];
        var max = request.MaxMessages == 0 ? DefaultInboxBatch : (int)Math.Min(request.MaxMessages, MaxInboxBatch);
        var wait = TimeSpan.FromSeconds(Math.Min(request.WaitSeconds, MaxWaitSeconds));
        var deadline = time.GetUtcNow() + wait;
        var response = new InboxResponse();
        // A message that fails to open counts once per call (three calls quarantine it, not three
        // looks within one), and the messages behind it are offered in the same call.
        var failed = new HashSet<(string Sender, string MessageId)>();
        while (true)
        {
            var arrived = signal.Next;
            var items = await inbox.OfferAsync(role.MayRead, max + failed.Count, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            long bytes = 0;
            var newlyFailed = 0;
            foreach (var item in items.Where(i => !failed.Contains((i.Sender, i.MessageId))).Take(max))
            {
                // One answer must fit the face's message limit: fill it up to one envelope's worth,
                // at least one message; the rest is offered on the next call.
                if (response.Messages.Count > 0 && bytes + item.Envelope.Length > envelopeSize.MaxBytes)
                {
                    break;
                }

                if (await OpenAsync(item, context.CancellationToken).ConfigureAwait(false) is { } message)
                {
                    response.Messages.Add(message);
                    bytes += item.Envelope.Length;
                }
                else
                {
                    failed.Add((item.Sender, item.MessageId));
                    newlyFailed++;
                }
            }

            // Only unopenable messages in this look: look past them at once.
            if (response.Messages.Count == 0 && newlyFailed > 0 && failed.Count <= MaxInboxBatch)
            {
                continue;
            }

            var left = deadline - time.GetUtcNow();
            if (response.Messages.Count > 0 || left <= TimeSpan.Zero)
            {
                return response;
            }

            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken))
            {
                var timeout = Task.Delay(left, time, waiting.Token);
                await Task.WhenAny(arrived, timeout).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
            }

            context.CancellationToken.ThrowIfCancellationRequested();
        }
    }

    public override async Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        var at = (await AcknowledgeAsync(new RepeatedField<AcknowledgeRequest> { request }, context).ConfigureAwait(false))[0]
            ?? throw Reject.Because(ReasonCode.NotFound, "no such message in the inbox for this role");
        return new AcknowledgeResponse { AcknowledgedAt = Timestamp.FromDateTimeOffset(at) };
    }

    public override async Task<AcknowledgeBatchResponse> AcknowledgeBatch(AcknowledgeBatchRequest request, ServerCallContext context)
    {
        if (request.Messages.Count == 0)
        {
            throw Reject.Because(ReasonCode.Malformed, "an acknowledge batch names at least one message");
        }

        if (request.Messages.Count > MaxInboxBatch)
        {
            throw Reject.TooLarge("acknowledge batch", MaxInboxBatch);
        }

        var acknowledged = await AcknowledgeAsync(request.Messages, context).ConfigureAwait(false);
        var response = new AcknowledgeBatchResponse();
        response.Results.AddRange(request.Messages.Select((m, i) => new AcknowledgeResult
        {
            MessageId = m.MessageId,
            Sender = m.Sender,
            AcknowledgedAt = acknowledged[i] is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            Reason = acknowledged[i] is null ? ReasonCode.NotFound : ReasonCode.Unspecified,
        }));
        return response;
    }

    public override async Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var role = roles[CallerIdentity.Local(context).Role];
        var notFound = Reject.Because(ReasonCode.NotFound, "no message with this id is visible to this role");
        if (!MessageIds.IsId(request.MessageId))
        {
            throw notFound;
        }

        var trail = await audit.TrailAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false);
        var outbound = await outbox.FindOutboundAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false);
        var response = new StatusResponse { MessageId = request.MessageId };
        IEnumerable<AuditEntry> visible;
        if (outbound is not null && outbound.SubmittedBy == role.Name)
        {
            response.CurrentState = StateNames.Name(outbound.State);
            visible = trail.Where(e => e.Direction == AuditDirection.Out);
            response.Notices.AddRange(await SentNoticesAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false));
        }
        else if (await ReadableInboundAsync(trail, request.MessageId, role, context.CancellationToken).ConfigureAwait(false) is { } inbound)
        {
            // Ids are unique per sender: show the trail of this sender's message only.
            response.CurrentState = StateNames.Name(inbound.State);
            response.ReviewDate = inbound.ReviewDate ?? "";
            response.ErasureDate = inbound.ErasureDate ?? "";
            response.SupersededBy = inbound.SupersededBy ?? "";
            visible = trail.Where(e => e.Direction == AuditDirection.In && e.Peer == inbound.Sender);
            response.Notices.AddRange(await ReceivedNoticesAsync(inbound.Sender, request.MessageId, context.CancellationToken).ConfigureAwait(false));
        }
        else
        {
            throw notFound;
        }

        response.Events.AddRange(visible.Select(e => new StatusEvent
        {
            State = StateNames.Name(e.State),
            At = Timestamp.FromDateTimeOffset(e.At),
            Reason = e.Reason,
            Attempt = (uint)e.Attempt,
        }));
        return response;
    }

    /// <summary>
    /// Acknowledges the caller's messages in one commit; keys that cannot name an inbox message
    /// (not an id, not a participant) are answered not found without a look in the store.
    /// </summary>
    private async Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(RepeatedField<AcknowledgeRequest> messages, ServerCallContext context)
    {
        var role = roles[CallerIdentity.Local(context).Role];
        var keys = messages.Where(IsInboxKey).Select(m => new InboxKey(m.Sender, m.MessageId)).ToArray();
        var found = keys.Length == 0
            ? []
            : await inbox.AcknowledgeAsync(keys, role.MayRead, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
        var answers = new DateTimeOffset?[messages.Count];
        for (int i = 0, k = 0; i < messages.Count; i++)
        {
            if (IsInboxKey(messages[i]) && found[k++] is { } at)
            {
                answers[i] = at;
                inbound.Acknowledged(messages[i].Sender, messages[i].MessageId);
            }
        }

        return answers;
    }

    /// <summary>The notices this participant sent about its message, each with what the recipient's signed receipt says it did.</summary>
    private async Task<IEnumerable<NoticeStatus>> SentNoticesAsync(string messageId, CancellationToken cancellationToken)
    {
        var statuses = new List<NoticeStatus>();
        foreach (var notice in await outbox.NoticesSentAboutAsync(messageId, cancellationToken).ConfigureAwait(false))
        {
            var sent = await outbox.FindOutboundAsync(notice.NoticeId, cancellationToken).ConfigureAwait(false);
            var answer = sent?.SignedReceipt is { } signed ? ReceiptCodec.ReadStored(signed)?.NoticeReferences.FirstOrDefault(r => r.MessageId == messageId) : null;
            statuses.Add(new NoticeStatus
            {
                NoticeId = notice.NoticeId,
                Kind = notice.Kind,
                CorrectedBy = notice.CorrectedBy ?? "",
                Outcome = answer?.Outcome ?? NoticeReferenceOutcome.Unspecified,
                Reason = answer?.Reason ?? ReasonCode.Unspecified,
                NoticeState = sent is null ? "" : StateNames.Name(sent.State),
            });
        }

        return statuses;
    }

    /// <summary>The notices its sender sent about a received message, each with what this gateway did.</summary>
    private async Task<IEnumerable<NoticeStatus>> ReceivedNoticesAsync(string sender, string messageId, CancellationToken cancellationToken)
    {
        var statuses = new List<NoticeStatus>();
        foreach (var notice in await inbox.NoticesReceivedAboutAsync(sender, messageId, cancellationToken).ConfigureAwait(false))
        {
            var received = await inbox.FindInboundAsync(sender, notice.NoticeId, cancellationToken).ConfigureAwait(false);
            statuses.Add(new NoticeStatus
            {
                NoticeId = notice.NoticeId,
                Kind = notice.Kind,
                CorrectedBy = notice.CorrectedBy ?? "",
                Outcome = notice.Outcome,
                NoticeState = received is null ? "" : StateNames.Name(received.State),
            });
        }

        return statuses;
    }

    private static bool IsInboxKey(AcknowledgeRequest message) => MessageIds.IsId(message.MessageId) && ParticipantId.TryParse(message.Sender, out _);

    private async Task<InboundRecord?> ReadableInboundAsync(IReadOnlyList<AuditEntry> trail, string messageId, LocalRole role, CancellationToken cancellationToken)
    {
        foreach (var sender in trail.Where(e => e.Direction == AuditDirection.In && e.State == AuditState.Received).Select(e => e.Peer).Distinct(StringComparer.Ordinal))
        {
            if (await inbox.FindInboundAsync(sender, messageId, cancellationToken).ConfigureAwait(false) is { } inbound && role.MayRead.Contains(inbound.MessageType))
            {
                return inbound;
            }
        }

        return null;
    }

    private async Task<InboxMessage?> OpenAsync(InboxItem item, CancellationToken cancellationToken)
    {
        // Verified when it arrived; failing now means a key is gone or the stored bytes are damaged.
        // The failure is counted (quarantined at the limit); the rest is served.
        var opened = await inbound.ReadAsync(item, cancellationToken).ConfigureAwait(false);
        return opened is null ? null : new InboxMessage
        {
            MessageId = opened.Route.MessageId,
            ConversationId = opened.Route.ConversationId,
            Sender = opened.Route.Sender,
            MessageType = opened.Route.MessageType,
            Purpose = opened.Header.Purpose,
            LegalBasis = opened.Header.LegalBasis,
            InReplyTo = opened.Header.InReplyTo,
            CreatedAt = opened.Route.CreatedAt,
            ReceivedAt = Timestamp.FromDateTimeOffset(item.ReceivedAt),
            Payload = opened.Payload,
            ReviewDate = item.ReviewDate ?? "",
            ErasureDate = item.ErasureDate ?? "",
        };
    }
}
