using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PayloadText;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>Rule 10 for correction and withdrawal notices: a notice stays on the channel of the messages it refers to.</summary>
public class NoticeChannelTests
{
    private static readonly CasePayload Notice = Json("""
        {"correctionOrWithdrawalNotice": {
          "kind": "NOTICE_KIND_CONSENT_WITHDRAWAL",
          "messageReferences": ["4be1c0d2a9f34e7c8d6b5a4f3e2d1c0b"],
          "requestedAction": "NOTICE_ACTION_ERASE",
          "effectiveAt": "2026-11-19T08:00:00Z"
        }}
        """);

    [Theory]
    [InlineData("IT/NCP", "AL/POLICE", "R10-notices-to-police-only-from-police", "IN10-police-receive-notices-only-from-police")]
    [InlineData("IT/POLICE", "AL/NCP", "R10-notices-from-police-only-to-police", "IN10-no-notices-from-police-outside-the-police-channel")]
    [InlineData("IT/POLICE", "AL/POLICE", null, null)]
    [InlineData("IT/NCP", "AL/NCP", null, null)]
    public void Rule10_a_notice_never_crosses_between_the_police_and_the_victim_assistance_channel(string from, string to, string? outboundRule, string? inboundRule)
    {
        var context = Context(MessageType.CorrectionOrWithdrawalNotice, to, Purpose.DataSubjectRights, from);

        var outcome = Default.Evaluate(Notice, context, Keys);
        var verdict = Default.EvaluateInbound(Notice, context);

        if (outboundRule is null)
        {
            Assert.Equal(Notice, Allowed(outcome).Payload);
            Assert.Equal(InboundVerdict.Accept, verdict);
        }
        else
        {
            Assert.Equal((outboundRule, "POLICY_CHANNEL_SEPARATION"), (Refused(outcome).RuleId, Refused(outcome).DetailCode));
            Assert.Equal(new InboundVerdict(false, inboundRule, "POLICY_CHANNEL_SEPARATION", null), verdict);
        }

        AssertNoValueIn(outcome, Notice);
        Assert.DoesNotContain("4be1c0d2", verdict.ToString(), StringComparison.Ordinal);
    }
}
