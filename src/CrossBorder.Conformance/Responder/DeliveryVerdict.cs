namespace CrossBorder.Conformance.Responder;

/// <summary>
/// The responder's verdict on one delivery: when, which message (id, sender, type; null when the
/// envelope had no readable routing header), its size, the answer given and every check judged.
/// It holds ids, types, codes and sizes only, never a payload value.
/// </summary>
internal sealed record DeliveryVerdict(
    DateTimeOffset Time,
    string? MessageId,
    string? Sender,
    string? MessageType,
    int EnvelopeBytes,
    VerdictAnswer Answer,
    IReadOnlyList<VerdictCheck> Checks)
{
    /// <summary>A message passes when none of its checks failed.</summary>
    public bool Passed => !Checks.Any(c => c.IsFailed);

    public bool MustFailed => Checks.Any(c => c.IsFailed && c.IsMust);
}
