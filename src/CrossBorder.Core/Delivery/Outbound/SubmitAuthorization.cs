using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// The first outbound step: a submission with a payload of a known type that the local role may
/// submit, addressed to another participant, with a purpose, a legal basis this gateway may cite,
/// well-formed reply and conversation ids and a well-formed submission key.
/// </summary>
public sealed class SubmitAuthorization(ParticipantId self, IReadOnlySet<string> legalBases)
{
    /// <summary>The type and recipient, or the refusal (MALFORMED, UNKNOWN_MESSAGE_TYPE, NOT_AUTHORIZED).</summary>
    public Outcome<SubmitTarget> Check(SubmitRequest request, string roleName, IReadOnlySet<MessageType> maySubmit)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(maySubmit);
        var payload = request.Payload;
        if (payload is null || payload.BodyCase == CasePayload.BodyOneofCase.None)
        {
            return new Refusal(ReasonCode.Malformed, "the submission has no payload");
        }

        var type = (MessageType)(int)payload.BodyCase;
        if (!Enum.IsDefined(type))
        {
            return new Refusal(ReasonCode.UnknownMessageType, "the payload's message type is unknown");
        }

        if (!maySubmit.Contains(type))
        {
            return new Refusal(ReasonCode.NotAuthorized, $"local role {roleName} may not submit {ProtoEnumNames<MessageType>.Name(type)}");
        }

        if (!ParticipantId.TryParse(request.Recipient, out var recipient))
        {
            return new Refusal(ReasonCode.Malformed, "recipient must be a participant id such as AL/NCP");
        }

        if (recipient == self)
        {
            return new Refusal(ReasonCode.NotAuthorized, "a participant does not send messages to itself");
        }

        if ((HeaderFields(request) ?? SubmissionKey(request.SubmissionKey)) is { } refusal)
        {
            return refusal;
        }

        return new SubmitTarget(type, recipient);
    }

    private Refusal? HeaderFields(SubmitRequest request)
    {
        if (request.Purpose == Purpose.Unspecified || !Enum.IsDefined(request.Purpose))
        {
            return new Refusal(ReasonCode.Malformed, "a purpose is required");
        }

        if (InnerHeaderFormat.LegalBasisProblem(request.LegalBasis) is not null)
        {
            return new Refusal(ReasonCode.Malformed, $"a legal basis of 1 to {InnerHeaderFormat.MaxLegalBasisLength} characters is required: a citation in letters, digits, single spaces and . , / - : ( ) § ' _ &");
        }

        if (legalBases.Count > 0 && !legalBases.Contains(request.LegalBasis))
        {
            return new Refusal(ReasonCode.NotAuthorized, "the legal basis is not one this gateway is configured to cite");
        }

        if (request.InReplyTo.Length > 0 && !MessageIds.IsId(request.InReplyTo))
        {
            return new Refusal(ReasonCode.Malformed, "in_reply_to must be a message id (32 lower-case hex digits)");
        }

        return request.ConversationId.Length > 0 && !MessageIds.IsId(request.ConversationId)
            ? new Refusal(ReasonCode.Malformed, "conversation_id must be 32 lower-case hex digits")
            : null;
    }

    private static Refusal? SubmissionKey(string key) =>
        key.Length > 0 && !(key.Length <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? new Refusal(ReasonCode.Malformed, "submission_key must be 1 to 64 letters, digits, '-' or '_'")
            : null;
}
