using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Security;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The peer face's side of the inbound pipeline (<see cref="InboundPipeline"/> in Core holds the
/// steps and their order): it spends the peer's refusal budget, audits and counts refusals, logs,
/// signals the inbox, and turns a refusal of unauthenticated bytes into the thrown refusal the
/// gRPC edge answers. It also reads inbox messages for the local face (<see cref="InboxRead"/>).
/// </summary>
internal sealed class InboundDelivery : IDisposable
{
    private readonly IInboxStore _inbox;
    private readonly IAuditTrail _audit;
    private readonly InboxSignal _signal;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundDelivery> _logger;
    private readonly PeerRateLimits _limits;
    private readonly RefusalAudit _refusals;
    private readonly OpenedInbox _opened;
    private readonly InboundPipeline _pipeline;
    private readonly InboxRead _reader;
    private readonly string _self;

    /// <summary>Failed opens for reading after which an inbox message is quarantined.</summary>
    public const int QuarantineAfter = 3;

    public InboundDelivery(
        ParticipantId self,
        ExchangeSettings exchange,
        EnvelopeSize envelopeSize,
        TrustListManager trust,
        PolicyInForce policy,
        IInboxStore inbox,
        IAuditTrail audit,
        IKeyRings keyRings,
        InboxSignal signal,
        PeerCertificateValidator peers,
        PeerRateLimits limits,
        RefusalAudit refusals,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<InboundDelivery> logger)
    {
        _self = self.ToString();
        _limits = limits;
        _metrics = metrics;
        _refusals = refusals;
        _inbox = inbox;
        _audit = audit;
        _signal = signal;
        _time = time;
        _logger = logger;
        var settings = new DeliverySettings(envelopeSize.MaxBytes, exchange.ClockSkew, exchange.MaxMessageLifetime);
        _opened = new OpenedInbox(time);
        _pipeline = InboundPipeline.Create(self, settings, trust, inbox, audit, keyRings, peers, policy, _opened, time);
        _reader = new InboxRead(self, keyRings, _opened, settings);
    }

    /// <summary>Handles one delivery from the TLS-verified <paramref name="peer"/>; answers the signed receipt.</summary>
    public async Task<byte[]> DeliverAsync(ParticipantId peer, ByteString encoded, string? traceParent, CancellationToken cancellationToken)
    {
        using var activity = ExchangeTelemetry.Start("deliver", ActivityKind.Server, traceParent, _self);
        activity?.SetTag("crossborder.sender", peer.ToString());
        var answer = await _pipeline.DeliverAsync(peer, encoded.Memory, cancellationToken).ConfigureAwait(false);
        switch (answer)
        {
            case InboundAnswer.Refused { WhileOpening: true } refused:
                // Unauthenticated bytes: only the first of the peer's window gets an entry of its own.
                var route = refused.Route!;
                if (_refusals.Note(peer.ToString(), refused.Refusal.Reason, ownEntry: true))
                {
                    await _audit.RecordInboundRejectionAsync(route.Sender, route.MessageId, refused.SealedSha256!, refused.Refusal.Reason, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }

                throw Refuse(peer, refused.Refusal, counted: true);
            case InboundAnswer.Refused refused:
                throw Refuse(peer, refused.Refusal);
            case InboundAnswer.Unsignable unsignable:
                // Our own fault (no valid signing certificate): the sender must retry, not give up.
                ExchangeLog.ReceiptUnsignable(_logger, unsignable.Route.MessageId, unsignable.Refusal.Reason.Name());
                throw Reject.Because(ReasonCode.Unavailable, "this gateway cannot sign receipts at the moment; try again later");
            case InboundAnswer.Receipted receipted:
                Answered(peer, receipted);
                return receipted.SignedReceipt;
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>
    /// Opens a stored inbox envelope for reading (<see cref="InboxRead"/>). Null when it cannot be
    /// opened (its key is gone, its stored bytes are damaged): the failure is counted, and at
    /// <see cref="QuarantineAfter"/> failures the message is quarantined, so that unopenable messages
    /// cannot block the inbox, which offers oldest first.
    /// </summary>
    public async Task<OpenedEnvelope?> ReadAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var read = _reader.Read(item);
        if (read.IsAccepted)
        {
            return read.Value;
        }

        var reason = read.Refusal!.Reason;
        ExchangeLog.InboxOpenFailed(_logger, item.MessageId, item.Sender, reason.Name());

        // A limit lowered by the operator is this gateway's setting, not the message's fault: never quarantine for it.
        if (reason != ReasonCode.TooLarge && await _inbox.RecordOpenFailureAsync(item.Sender, item.MessageId, reason, QuarantineAfter, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            ExchangeLog.InboxQuarantined(_logger, item.MessageId, item.Sender, QuarantineAfter, reason.Name());
            _metrics.Quarantined(item.MessageType, item.Sender, reason);
        }

        return null;
    }

    /// <summary>Drops what is kept in memory for a message the local face acknowledged.</summary>
    public void Acknowledged(string sender, string messageId) => _opened.Forget(sender, messageId);

    private void Answered(ParticipantId peer, InboundAnswer.Receipted receipted)
    {
        var route = receipted.Route;
        switch (receipted.Kind)
        {
            case InboundAnswerKind.Accepted:
                _signal.Notify();
                ExchangeLog.Received(_logger, route.MessageId, ProtoEnumNames<MessageType>.Name(route.MessageType), route.Sender, "ACCEPTED", "");
                _metrics.Message("in", route.MessageType, peer, "ACCEPTED");
                break;
            case InboundAnswerKind.Rejected:
                var reason = receipted.Rejection!.Reason;
                _limits.SpendRefusal(peer, reason);
                ExchangeLog.Received(_logger, route.MessageId, ProtoEnumNames<MessageType>.Name(route.MessageType), route.Sender, "REJECTED", reason.Name());
                _metrics.Message("in", route.MessageType, peer, reason.Name());
                break;
            case InboundAnswerKind.Duplicate:
                ExchangeLog.Duplicate(_logger, route.MessageId, route.Sender);
                _metrics.Message("in", route.MessageType, peer, "DUPLICATE");
                break;
            case InboundAnswerKind.Raced:
                break;
        }
    }

    /// <summary>A refusal of unauthenticated bytes: logged, counted in the metrics, the peer's budget and the audit.</summary>
    private RejectedException Refuse(ParticipantId peer, Refusal refusal, bool counted = false)
    {
        _limits.SpendRefusal(peer, refusal.Reason);
        if (!counted)
        {
            _refusals.Count(peer.ToString(), refusal.Reason);
        }

        ExchangeLog.DeliveryRefused(_logger, peer.ToString(), refusal.Reason.Name(), refusal.Detail);
        _metrics.Refused("in", peer.ToString(), refusal.Reason);
        return refusal.ToException();
    }

    /// <summary>Drops the opened messages kept for reading.</summary>
    public void Dispose() => _opened.Dispose();
}
