using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Tests.EnvelopeBinding;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.Delivery;

/// <summary>Envelopes sealed between the binding PKI's parties, for the delivery steps' tests.</summary>
internal static class DeliveryParties
{
    public static SealedEnvelope Seal(BindingPki pki, string from, string to, DateTimeOffset now, string sealTo = "") =>
        EnvelopeSealer.Seal(Header(from, to, now), Payload(), pki[from].Signing, [pki[sealTo.Length > 0 ? sealTo : to].Encryption], now);

    public static InnerHeader Header(string from, string to, DateTimeOffset now) => new()
    {
        Route = new RouteHeader
        {
            MessageId = NewId(),
            ConversationId = NewId(),
            Sender = from,
            Recipient = to,
            MessageType = MessageType.ReturnPlan,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddDays(7)),
        },
        Purpose = Purpose.ReturnCoordination,
        LegalBasis = "AL-IT/2019/TRM-MoU art. 6",
        PolicyStamp = new PolicyStamp { Id = "default", Version = "1", Sha256 = ByteString.CopyFrom(new byte[32]) },
    };

    public static CasePayload Payload() => new() { ReturnPlan = new ReturnPlan { Remarks = "escort confirmed" } };

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
