using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Tests.Delivery.Outbound;

/// <summary>The first outbound step: what the local role may submit, to whom, with which header fields.</summary>
public sealed class SubmitAuthorizationTests
{
    private const string LegalBasis = "AL-IT/2019/TRM-MoU art. 6";
    private static readonly HashSet<MessageType> ReturnPlans = [MessageType.ReturnPlan];
    private readonly SubmitAuthorization _step = new(ParticipantId.Parse("IT/NCP"), new HashSet<string> { LegalBasis });

    [Fact]
    public void A_well_formed_submission_the_role_may_send_names_its_type_and_recipient()
    {
        var target = _step.Check(Request(), "case-worker", ReturnPlans);

        Assert.True(target.IsAccepted);
        Assert.Equal(new SubmitTarget(MessageType.ReturnPlan, ParticipantId.Parse("AL/NCP")), target.Value);
    }

    [Fact]
    public void A_submission_without_a_payload_is_refused_malformed() =>
        Assert.Equal(ReasonCode.Malformed, _step.Check(Request(r => r.Payload = null), "case-worker", ReturnPlans).Refusal?.Reason);

    [Fact]
    public void A_type_the_role_may_not_submit_is_refused_not_authorized() =>
        Assert.Equal(ReasonCode.NotAuthorized, _step.Check(Request(), "case-worker", new HashSet<MessageType>()).Refusal?.Reason);

    [Theory]
    [InlineData("not a participant", ReasonCode.Malformed)]
    [InlineData("IT/NCP", ReasonCode.NotAuthorized)]
    public void A_malformed_or_own_recipient_is_refused(string recipient, ReasonCode expected) =>
        Assert.Equal(expected, _step.Check(Request(r => r.Recipient = recipient), "case-worker", ReturnPlans).Refusal?.Reason);

    [Fact]
    public void A_legal_basis_this_gateway_may_not_cite_is_refused_not_authorized() =>
        Assert.Equal(ReasonCode.NotAuthorized, _step.Check(Request(r => r.LegalBasis = "another basis"), "case-worker", ReturnPlans).Refusal?.Reason);

    [Theory]
    [InlineData("purpose")]
    [InlineData("in_reply_to")]
    [InlineData("conversation_id")]
    [InlineData("submission_key")]
    public void A_malformed_header_field_is_refused_malformed(string field)
    {
        var request = Request(r =>
        {
            switch (field)
            {
                case "purpose": r.Purpose = Purpose.Unspecified; break;
                case "in_reply_to": r.InReplyTo = "not-an-id"; break;
                case "conversation_id": r.ConversationId = "ABC"; break;
                default: r.SubmissionKey = "has spaces"; break;
            }
        });

        Assert.Equal(ReasonCode.Malformed, _step.Check(request, "case-worker", ReturnPlans).Refusal?.Reason);
    }

    private static SubmitRequest Request(Action<SubmitRequest>? change = null)
    {
        var request = new SubmitRequest { Recipient = "AL/NCP", Purpose = Purpose.ReturnCoordination, LegalBasis = LegalBasis, Payload = DeliveryParties.Payload() };
        change?.Invoke(request);
        return request;
    }
}
