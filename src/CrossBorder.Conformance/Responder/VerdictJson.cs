using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossBorder.Conformance.Responder;

/// <summary>The JSON form of verdicts: a line of the verdicts file, an element of the report's document.</summary>
internal static class VerdictJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The JSON form of one verdict.</summary>
    public sealed record Line(
        DateTimeOffset Time,
        string? MessageId,
        string? Sender,
        string? MessageType,
        int EnvelopeBytes,
        VerdictAnswer Answer,
        string Verdict,
        IReadOnlyList<VerdictCheck> Checks)
    {
        public static Line From(DeliveryVerdict verdict) =>
            new(verdict.Time, verdict.MessageId, verdict.Sender, verdict.MessageType, verdict.EnvelopeBytes, verdict.Answer, verdict.Passed ? "PASS" : "FAIL", verdict.Checks);

        public DeliveryVerdict? ToVerdict() => Answer is null || Checks is null
            ? null
            : new DeliveryVerdict(Time, MessageId, Sender, MessageType, EnvelopeBytes, Answer, Checks);
    }
}
