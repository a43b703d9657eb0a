using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>The message may be sent, as <see cref="Payload"/>: the minimized copy (the input is not changed).</summary>
/// <param name="Payload">The minimized payload to seal.</param>
/// <param name="Decisions">What was removed or transformed, and by which rule.</param>
/// <param name="Stamp">The stamp for the inner header.</param>
public sealed record PolicyAllowed(CasePayload Payload, IReadOnlyList<Decision> Decisions, PolicyStamp Stamp)
    : PolicyOutcome(Decisions, Stamp);
