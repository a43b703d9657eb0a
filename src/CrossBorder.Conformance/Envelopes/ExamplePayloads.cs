using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// The payloads of good envelopes: the shipped example of each message type (docs/examples),
/// minimized by the reference policy for the sender and the target under the purpose the policy
/// allows for the type, as a well-behaved sending gateway would send it.
/// </summary>
internal static class ExamplePayloads
{
    private static readonly Dictionary<MessageType, Purpose> Purposes = new()
    {
        [MessageType.CaseReferral] = Purpose.TransnationalReferral,
        [MessageType.IdentityConfirmationRequest] = Purpose.IdentityVerification,
        [MessageType.IdentityConfirmationResponse] = Purpose.IdentityVerification,
        [MessageType.ReturnRiskAssessment] = Purpose.RiskAssessment,
        [MessageType.ReturnPlan] = Purpose.ReturnCoordination,
        [MessageType.ReceptionConfirmation] = Purpose.ReceptionAssistance,
        [MessageType.ChildProtectionExchange] = Purpose.ChildProtection,
        [MessageType.LawEnforcementInformation] = Purpose.CriminalInvestigation,
        [MessageType.CorrectionOrWithdrawalNotice] = Purpose.DataSubjectRights,
        [MessageType.AggregateStatistics] = Purpose.Statistics,
    };

    private static readonly Lazy<MinimizationPolicy> Policy = new(PolicyLoader.LoadDefault);

    public static Purpose PurposeOf(MessageType type) => Purposes[type];

    /// <summary>
    /// The minimized example, or null with the policy's rule when the reference policy refuses it;
    /// pseudonyms are keyed by <paramref name="pseudonyms"/>, or by a fresh random key.
    /// </summary>
    public static (CasePayload? Payload, PolicyStamp? Stamp, string? Refused) Minimized(
        MessageType type, ParticipantEntry sender, ParticipantEntry recipient, DateTimeOffset now, IPseudonymKeySource? pseudonyms = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        var name = ProtoEnumNames<MessageType>.Name(type).ToLowerInvariant().Replace('_', '-');
        using var stream = typeof(ExamplePayloads).Assembly.GetManifestResourceStream($"payloads/{name}.json")
            ?? throw new InvalidOperationException($"example payload {name} is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var payload = PayloadJson.Read(buffer.ToArray(), $"example payload {name}");
        var context = new PolicyContext(type, sender.Id, sender.Roles, recipient.Id, recipient.Roles, PurposeOf(type), now);
        var outcome = Policy.Value.Evaluate(payload, context, pseudonyms ?? new DerivedPseudonymKeySource(RandomNumberGenerator.GetBytes(32), "conformance"));
        return outcome switch
        {
            PolicyAllowed allowed => (allowed.Payload, allowed.Stamp, null),
            PolicyRefused refused => (null, null, $"{refused.RuleId} {refused.DetailCode}"),
            _ => (null, null, "no verdict"),
        };
    }
}
