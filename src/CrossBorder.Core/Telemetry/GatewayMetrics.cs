using System.Diagnostics.Metrics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Telemetry;

/// <summary>
/// The one metrics source of a gateway: every instrument it publishes, on one meter
/// (<see cref="MeterName"/>) made by the host's <see cref="IMeterFactory"/>, so two gateways in one
/// process publish apart and nothing is static. Tags are directions, types, peers, outcomes, rules
/// and reason codes; never a payload value.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>The name of the meter every gateway instrument is on.</summary>
    public const string MeterName = "CrossBorder.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _policyDecisions;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _trustListsRefused;
    private readonly Histogram<int> _attempts;
    private readonly Histogram<double> _outboxAge;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/>.</summary>
    public GatewayMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _messages = _meter.CreateCounter<long>("crossborder.messages", description: "Messages by direction, type, peer and outcome");
        _policyDecisions = _meter.CreateCounter<long>("crossborder.policy.decisions", description: "Minimization decisions by action and rule");
        _quarantined = _meter.CreateCounter<long>("crossborder.inbox.quarantined", description: "Inbox messages quarantined after repeated failed opens");
        _trustListsRefused = _meter.CreateCounter<long>("crossborder.trustlist.refused", description: "Trust lists refused, by reason code");
        _attempts = _meter.CreateHistogram<int>("crossborder.outbox.attempts", description: "Delivery attempts per finished message");
        _outboxAge = _meter.CreateHistogram<double>("crossborder.outbox.age", unit: "s", description: "Seconds from queue to a final state");
    }

    /// <summary>One message's outcome in one direction (<c>in</c> or <c>out</c>): a reason code, ACCEPTED, DELIVERED or DUPLICATE.</summary>
    public void Message(string direction, MessageType type, ParticipantId peer, string outcome) =>
        _messages.Add(1,
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("message_type", ProtoEnumNames<MessageType>.Name(type)),
            new KeyValuePair<string, object?>("peer", peer.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A call refused before its message type was known (no type tag).</summary>
    public void Refused(string direction, string peer, ReasonCode reason) =>
        _messages.Add(1,
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("peer", peer),
            new KeyValuePair<string, object?>("outcome", reason.Name()));

    /// <summary>One minimization decision of a rule.</summary>
    public void PolicyDecision(string action, string ruleId) =>
        _policyDecisions.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("rule", ruleId));

    /// <summary>An inbox message quarantined after repeated failed opens.</summary>
    public void Quarantined(MessageType type, string peer, ReasonCode reason) =>
        _quarantined.Add(1,
            new KeyValuePair<string, object?>("type", ProtoEnumNames<MessageType>.Name(type)),
            new KeyValuePair<string, object?>("peer", peer),
            new KeyValuePair<string, object?>("reason", reason.Name()));

    /// <summary>An outbox message reached a final state after <paramref name="attempts"/> attempts, <paramref name="age"/> after it was queued.</summary>
    public void OutboxFinished(int attempts, TimeSpan age)
    {
        _attempts.Record(attempts);
        _outboxAge.Record(age.TotalSeconds);
    }

    /// <summary>Publishes the trust list in force (usable, in grace, sequence) and counts the lists it refuses.</summary>
    public void Observe(TrustListManager trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        trust.Refused += reason => _trustListsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason.Name()));
        _meter.CreateObservableGauge("crossborder.trustlist.usable", () => trust.Status == TrustListStatus.Stale ? 0 : 1,
            description: "1 while the trust list in force may be used for exchange");
        _meter.CreateObservableGauge("crossborder.trustlist.in_grace", () => trust.Status == TrustListStatus.InGrace ? 1 : 0,
            description: "1 while the trust list in force is past its next update but within the grace period");
        _meter.CreateObservableGauge("crossborder.trustlist.sequence", () => (long)(trust.Current?.Sequence ?? 0),
            description: "Sequence number of the trust list in force");
    }

    /// <summary>Publishes seconds to expiry of certificates (tags owner, participant, use, successor).</summary>
    public void ObserveCertificateExpiry(Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge("crossborder.certificate.time_to_expiry", observe, unit: "s",
            description: "Seconds until a certificate of this gateway or of a peer expires");

    /// <summary>Publishes seconds until the revocation data of each country (tag country) goes stale: its earliest CRL nextUpdate.</summary>
    public void ObserveRevocation(Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge("crossborder.revocation.time_to_stale", observe, unit: "s",
            description: "Seconds until the earliest CRL of a country in the trust list in force passes its nextUpdate");

    /// <summary>
    /// Publishes the outbox backlog: messages per pending state (tag state) and the age of the
    /// oldest pending one (0 when none), as <paramref name="depth"/> and <paramref name="oldestAge"/> last read them.
    /// </summary>
    public void ObserveOutbox(Func<IEnumerable<Measurement<long>>> depth, Func<IEnumerable<Measurement<double>>> oldestAge)
    {
        _meter.CreateObservableGauge("crossborder.outbox.depth", depth, unit: "{message}",
            description: "Outbox messages waiting in each pending state");
        _meter.CreateObservableGauge("crossborder.outbox.oldest_age", oldestAge, unit: "s",
            description: "Seconds since the oldest pending outbox message was queued (0 when none is pending)");
    }

    /// <summary>
    /// Publishes the last verification of the audit trail (1 intact, 0 broken) and the age of the
    /// last signed checkpoint; each reports nothing until it is known.
    /// </summary>
    public void ObserveAudit(Func<IEnumerable<Measurement<int>>> intact, Func<IEnumerable<Measurement<double>>> lastCheckpointAge)
    {
        _meter.CreateObservableGauge("crossborder.audit.chain_intact", intact,
            description: "1 while the last verification found the audit chain and its signed checkpoints intact, 0 when it found a break");
        _meter.CreateObservableGauge("crossborder.audit.last_checkpoint_age", lastCheckpointAge, unit: "s",
            description: "Seconds since the last signed audit checkpoint");
    }
}
