using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The peer face's deliver pipeline, in ARCHITECTURE.md's order: size → routing checks against
/// the TLS peer and the trust list → open (decrypt, verify, path, header binding) → freshness →
/// duplicate by (sender, message id) → inbound policy → inbox commit → signed receipt.
/// Refusals before the envelope is authenticated are gRPC errors with a reason code; refusals of
/// an authenticated envelope are signed REJECTED receipts. ACCEPTED is signed before and
/// answered only after the inbox commit.
/// </summary>
internal sealed class InboundDelivery
{
    private readonly GatewayRuntime _runtime;
    private readonly IMessageStore _store;
    private readonly IKeyRings _keyRings;
    private readonly InboxSignal _signal;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundDelivery> _logger;
    private readonly IReadOnlyList<RecipientKey> _keys;
    private readonly EnvelopeOpener _opener;
    private readonly EnvelopeOpener _reader;
    private readonly PeerRateLimits _limits;
    private readonly RefusalAudit _refusals;

    /// <summary>Failed opens for reading after which an inbox message is quarantined.</summary>
    public const int QuarantineAfter = 3;

    public InboundDelivery(
        GatewayRuntime runtime,
        IMessageStore store,
        IKeyRings keyRings,
        InboxSignal signal,
        PeerCertificateValidator peers,
        PeerRateLimits limits,
        RefusalAudit refusals,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<InboundDelivery> logger)
    {
        _limits = limits;
        _metrics = metrics;
        _refusals = refusals;
        _runtime = runtime;
        _store = store;
        _keyRings = keyRings;
        _signal = signal;
        _time = time;
        _logger = logger;
        _keys = keyRings.DecryptionKeys;
        _opener = new EnvelopeOpener(runtime.Participant, _keys, new TrustListSignerValidator(peers), time, runtime.Exchange.ClockSkew, runtime.MaxEnvelopeBytes);
        _reader = new EnvelopeOpener(runtime.Participant, _keys, new VerifiedOnReceipt(), time, TimeSpan.MaxValue / 4, runtime.MaxEnvelopeBytes);
    }

    /// <summary>Handles one delivery from the TLS-verified <paramref name="peer"/>; answers the signed receipt.</summary>
    public async Task<byte[]> DeliverAsync(ParticipantId peer, ByteString encoded, string? traceParent, CancellationToken cancellationToken)
    {
        using var activity = ExchangeTelemetry.Start("deliver", ActivityKind.Server, traceParent);
        activity?.SetTag("crossborder.sender", peer.ToString());
        if (encoded.Length > _runtime.MaxEnvelopeBytes)
        {
            throw Refuse(peer, Reject.TooLarge("envelope", _runtime.MaxEnvelopeBytes));
        }

        SealedEnvelope envelope;
        try
        {
            envelope = SealedEnvelope.Parser.ParseFrom(encoded);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Refuse(peer, Reject.Malformed("envelope"));
        }

        var route = envelope.Route ?? throw Refuse(peer, Reject.Because(ReasonCode.Malformed, "envelope has no routing header"));
        var trust = CheckRoute(peer, route);
        try
        {
            // After the route checks, so that a newer peer's message type or schema version gets its own code.
            UnknownFields.Require(SealedEnvelope.Descriptor, encoded.Span, "envelope");
        }
        catch (RejectedException ex)
        {
            throw Refuse(peer, ex);
        }

        activity?.SetTag("crossborder.message_id", route.MessageId);
        activity?.SetTag("crossborder.message_type", ProtoEnumNames<MessageType>.Name(route.MessageType));

        var digest = SHA256.HashData(envelope.Sealed.Span);
        var routeDigest = RouteDigest.Of(route);
        var existing = await _store.FindInboundAsync(route.Sender, route.MessageId, cancellationToken).ConfigureAwait(false);
        var repeat = existing is not null && CryptographicOperations.FixedTimeEquals(existing.SealedSha256, digest);

        // A repeat is answered the stored receipt only under the same routing header. Any other
        // header goes through the first delivery's checks, whose binding of the signed header to
        // the routing header refuses it (HEADER_MISMATCH). A message stored before the header's
        // digest was kept is judged by those checks too.
        if (repeat && existing!.RouteSha256 is { } storedRoute && CryptographicOperations.FixedTimeEquals(storedRoute, routeDigest))
        {
            return Duplicate(peer, route, existing);
        }

        OpenedEnvelope opened;
        using (ExchangeTelemetry.Start("open", ActivityKind.Internal))
        {
            try
            {
                opened = _opener.Open(route, envelope.Sealed.Memory);
            }
            catch (RejectedException ex)
            {
                // Unauthenticated bytes: only the first of the peer's window gets an entry of its own.
                if (_refusals.Note(peer.ToString(), ex.Reason, ownEntry: true))
                {
                    await _store.RecordInboundRejectionAsync(route.Sender, route.MessageId, digest, ex.Reason, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }

                throw Refuse(peer, ex, counted: true);
            }
        }

        if (repeat)
        {
            return Duplicate(peer, route, existing!);
        }

        var now = _time.GetUtcNow();
        var verdict = existing is not null
            ? Reject.Because(ReasonCode.IdConflict, "a different message was already received under this id")
            : Freshness(route, now) ?? InboundPolicy(trust, opened, now);
        if (verdict is not null)
        {
            _limits.SpendRefusal(peer, verdict.Reason);
            await _store.RecordInboundRejectionAsync(route.Sender, route.MessageId, digest, verdict.Reason, now, cancellationToken).ConfigureAwait(false);
            ExchangeLog.Received(_logger, route.MessageId, ProtoEnumNames<MessageType>.Name(route.MessageType), route.Sender, "REJECTED", verdict.Reason.Name());
            _metrics.Message("in", route.MessageType, peer, verdict.Reason.Name());
            return SignReceipt(route, digest, ReceiptOutcome.Rejected, verdict.Reason, now);
        }

        var receipt = SignReceipt(route, digest, ReceiptOutcome.Accepted, ReasonCode.Unspecified, now);
        var commit = await _store.CommitInboundAsync(
            new InboundMessage(route.Sender, route.MessageId, route.ConversationId, route.MessageType, encoded.Memory, digest, now,
                route.ExpiresAt.ToDateTimeOffset(), receipt, Activity.Current?.Id, routeDigest),
            cancellationToken).ConfigureAwait(false);
        if (!commit.Committed)
        {
            // A concurrent delivery of the same id won the commit.
            var first = commit.Existing!;
            if (CryptographicOperations.FixedTimeEquals(first.SealedSha256, digest))
            {
                return first.SignedReceipt;
            }

            await _store.RecordInboundRejectionAsync(route.Sender, route.MessageId, digest, ReasonCode.IdConflict, now, cancellationToken).ConfigureAwait(false);
            return SignReceipt(route, digest, ReceiptOutcome.Rejected, ReasonCode.IdConflict, now);
        }

        _signal.Notify();
        ExchangeLog.Received(_logger, route.MessageId, ProtoEnumNames<MessageType>.Name(route.MessageType), route.Sender, "ACCEPTED", "");
        _metrics.Message("in", route.MessageType, peer, "ACCEPTED");
        return receipt;
    }

    /// <summary>
    /// Opens a stored inbox envelope for reading: decrypted and its signature verified again; its path
    /// was validated on receipt. Null when it cannot be opened (its key is gone, its stored bytes are
    /// damaged): the failure is counted, and at <see cref="QuarantineAfter"/> failures the message is
    /// quarantined, so that unopenable messages cannot block the inbox, which offers oldest first.
    /// </summary>
    public async Task<OpenedEnvelope?> ReadAsync(InboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            return _reader.Open(item.Envelope);
        }
        catch (RejectedException ex)
        {
            ExchangeLog.InboxOpenFailed(_logger, item.MessageId, item.Sender, ex.Reason.Name());

            // A limit lowered by the operator is this gateway's setting, not the message's fault: never quarantine for it.
            if (ex.Reason != ReasonCode.TooLarge && await _store.RecordOpenFailureAsync(item.Sender, item.MessageId, ex.Reason, QuarantineAfter, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                ExchangeLog.InboxQuarantined(_logger, item.MessageId, item.Sender, QuarantineAfter, ex.Reason.Name());
                _metrics.Quarantined(item.MessageType, item.Sender, ex.Reason);
            }

            return null;
        }
    }

    private byte[] Duplicate(ParticipantId peer, RouteHeader route, InboundRecord existing)
    {
        ExchangeLog.Duplicate(_logger, route.MessageId, route.Sender);
        _metrics.Message("in", route.MessageType, peer, "DUPLICATE");
        return existing.SignedReceipt;
    }

    /// <summary>Checks the routing header against the TLS peer and the trust list; answers the trust list it was judged by.</summary>
    private TrustListSnapshot CheckRoute(ParticipantId peer, RouteHeader route)
    {
        if (route.Recipient != _runtime.Participant.ToString())
        {
            throw Refuse(peer, Reject.Because(ReasonCode.NotARecipient, "the envelope is routed to another participant"));
        }

        if (route.Sender != peer.ToString())
        {
            throw Refuse(peer, Reject.Because(ReasonCode.SignerMismatch, "the routing sender is not the TLS peer"));
        }

        if (!Submission.IsId(route.MessageId) || !Submission.IsId(route.ConversationId) || route.CreatedAt is null || route.ExpiresAt is null)
        {
            throw Refuse(peer, Reject.Because(ReasonCode.Malformed, "the routing header lacks well-formed ids or times"));
        }

        if (route.MessageType == MessageType.Unspecified || !System.Enum.IsDefined(route.MessageType))
        {
            throw Refuse(peer, Reject.Because(ReasonCode.UnknownMessageType, $"message type {(int)route.MessageType} is unknown"));
        }

        if (route.SchemaVersion != SchemaInfo.SchemaVersion)
        {
            throw Refuse(peer, Reject.Because(ReasonCode.UnsupportedSchemaVersion, $"schema version {route.SchemaVersion} is not supported"));
        }

        TrustListSnapshot trust;
        try
        {
            trust = _runtime.TrustManager.RequireUsable();
        }
        catch (RejectedException ex)
        {
            throw Refuse(peer, ex);
        }

        var rule = ExchangeRules.Check(trust, peer, _runtime.Participant, route.MessageType);
        return rule.IsAccepted ? trust : throw Refuse(peer, Reject.Because(rule.Reason, rule.Detail));
    }

    private RejectedException? Freshness(RouteHeader route, DateTimeOffset now)
    {
        var created = route.CreatedAt.ToDateTimeOffset();
        var expires = route.ExpiresAt.ToDateTimeOffset();
        var skew = _runtime.Exchange.ClockSkew;
        if (created > now + skew)
        {
            return Reject.Because(ReasonCode.Stale, "created in the future beyond the allowed clock skew");
        }

        if (now > expires)
        {
            return Reject.Because(ReasonCode.Stale, "the message expired before it arrived");
        }

        return expires - created > _runtime.Exchange.MaxMessageLifetime || expires <= created
            ? Reject.Because(ReasonCode.Stale, "the message's lifetime exceeds what this gateway accepts")
            : null;
    }

    private RejectedException? InboundPolicy(TrustListSnapshot trust, OpenedEnvelope opened, DateTimeOffset now)
    {
        var context = new PolicyContext(
            opened.Route.MessageType, opened.Sender, trust.Find(opened.Sender)!.Roles, _runtime.Participant, trust.Find(_runtime.Participant)!.Roles, opened.Header.Purpose, now);
        var verdict = _runtime.Policy.Current.EvaluateInbound(opened.Payload, context);
        return verdict.Accepted ? null : verdict.ToException();
    }

    private byte[] SignReceipt(RouteHeader route, byte[] digest, ReceiptOutcome outcome, ReasonCode reason, DateTimeOffset now)
    {
        using var activity = ExchangeTelemetry.Start("receipt", ActivityKind.Internal);
        var receipt = new Receipt
        {
            MessageId = route.MessageId,
            Sender = route.Sender,
            Recipient = _runtime.Participant.ToString(),
            SealedSha256 = ByteString.CopyFrom(digest),
            Outcome = outcome,
            Reason = reason,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
        };
        try
        {
            return ReceiptCodec.Sign(receipt, _keyRings.SigningIdentity(now), now);
        }
        catch (RejectedException ex)
        {
            // Our own fault (no valid signing certificate): the sender must retry, not give up.
            ExchangeLog.ReceiptUnsignable(_logger, route.MessageId, ex.Reason.Name());
            throw Reject.Because(ReasonCode.Unavailable, "this gateway cannot sign receipts at the moment; try again later");
        }
    }

    /// <summary>A refusal of unauthenticated bytes: logged, counted in the metrics, the peer's budget and the audit.</summary>
    private RejectedException Refuse(ParticipantId peer, RejectedException refusal, bool counted = false)
    {
        _limits.SpendRefusal(peer, refusal.Reason);
        if (!counted)
        {
            _refusals.Count(peer.ToString(), refusal.Reason);
        }

        ExchangeLog.DeliveryRefused(_logger, peer.ToString(), refusal.Reason.Name(), refusal.Message);
        _metrics.Refused("in", peer.ToString(), refusal.Reason);
        return refusal;
    }

    /// <summary>The signer's path was validated when the envelope was received; reading does not judge it again.</summary>
    private sealed class VerifiedOnReceipt : ISignerValidator
    {
        public PathCheck Validate(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at) => PathCheck.Accepted;
    }
}
