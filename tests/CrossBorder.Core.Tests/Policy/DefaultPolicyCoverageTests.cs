using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>Every example payload, to every dev participant, for every purpose: an outcome, never an exception, never a value.</summary>
public class DefaultPolicyCoverageTests
{
    private static readonly string[] Participants = ["AL/NCP", "AL/CONSULAR", "AL/POLICE", "IT/NCP", "IT/POLICE", "GR/NCP"];

    [Fact]
    public void Every_example_to_every_participant_for_every_purpose_gets_an_outcome_without_values()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "payloads"), "*.json");
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var payload = Example(name);
            var type = (MessageType)(int)payload.BodyCase;
            var values = Texts(payload).Where(t => t.Length >= 6).ToList();
            foreach (var from in Participants)
            {
                foreach (var to in Participants.Where(p => p != from))
                {
                    foreach (var purpose in Enum.GetValues<Purpose>().Where(p => p != Purpose.Unspecified))
                    {
                        var outcome = Default.Evaluate(payload, Context(type, to, purpose, from), Keys);
                        var inbound = Default.EvaluateInbound(payload, Context(type, to, purpose, from));
                        var report = string.Join("\n", outcome.Decisions) + inbound;
                        Assert.DoesNotContain(values, v => report.Contains(v, StringComparison.Ordinal));
                        if (type == MessageType.LawEnforcementInformation && !(from.EndsWith("POLICE", StringComparison.Ordinal) && to.EndsWith("POLICE", StringComparison.Ordinal)))
                        {
                            Assert.IsType<PolicyRefused>(outcome);
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Texts(Google.Protobuf.IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            var items = value is System.Collections.IList list ? list.Cast<object>() : [value];
            foreach (var item in items)
            {
                if (item is string s)
                {
                    yield return s;
                }
                else if (item is Google.Protobuf.IMessage child)
                {
                    foreach (var text in Texts(child))
                    {
                        yield return text;
                    }
                }
            }
        }
    }
}
