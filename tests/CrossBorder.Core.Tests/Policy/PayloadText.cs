using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>Hand-written payloads (protobuf JSON text or hand-encoded bytes) and the check that no value of them reaches a decision.</summary>
internal static class PayloadText
{
    public static CasePayload Json(string json) => JsonParser.Default.Parse<CasePayload>(json);

    public static CasePayload Binary(params byte[] bytes) => CasePayload.Parser.ParseFrom(bytes);

    /// <summary>No text value of the payload (three characters or more) appears in any decision or in the rejection line.</summary>
    public static void AssertNoValueIn(PolicyOutcome outcome, CasePayload payload)
    {
        var report = string.Join("\n", outcome.Decisions.Select(d => d.ToString()))
            + (outcome is PolicyRefused refused ? refused.ToException().ToRejectionLine() : "");
        foreach (var value in Texts(payload).Where(t => t.Trim().Length >= 3))
        {
            Assert.DoesNotContain(value, report, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> Texts(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            foreach (var item in value is System.Collections.IList list ? list.Cast<object>() : [value])
            {
                if (item is string text)
                {
                    yield return text;
                }
                else if (item is IMessage child)
                {
                    foreach (var inner in Texts(child))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
