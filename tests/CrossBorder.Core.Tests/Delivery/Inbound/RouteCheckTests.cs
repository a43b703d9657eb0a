using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Tests.Support;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>
/// The clear routing header is judged before anything is decrypted; headers are written as raw
/// protobuf bytes, as a hostile peer writes them, and each refusal carries its reason code.
/// </summary>
public sealed class RouteCheckTests
{
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private static readonly ParticipantId Italy = ParticipantId.Parse("IT/NCP");
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly string _id = DeliveryParties.NewId();

    [Fact]
    public void A_well_formed_header_from_the_tls_peer_to_us_is_accepted_with_the_list_in_force()
    {
        var checkedRoute = Check(Italy, Raw());

        Assert.True(checkedRoute.IsAccepted);
        Assert.Equal(1UL, checkedRoute.Value.Sequence);
    }

    [Fact]
    public void A_header_routed_to_another_participant_is_refused_not_a_recipient() =>
        Assert.Equal(ReasonCode.NotARecipient, Check(Italy, Raw(recipient: "GR/NCP")).Refusal?.Reason);

    [Fact]
    public void A_sender_other_than_the_tls_peer_is_refused_signer_mismatch() =>
        Assert.Equal(ReasonCode.SignerMismatch, Check(ParticipantId.Parse("IT/POLICE"), Raw()).Refusal?.Reason);

    [Fact]
    public void A_message_id_that_is_not_an_id_is_refused_malformed() =>
        Assert.Equal(ReasonCode.Malformed, Check(Italy, Raw(messageId: "../../etc/passwd")).Refusal?.Reason);

    [Fact]
    public void A_header_without_its_times_is_refused_malformed() =>
        Assert.Equal(ReasonCode.Malformed, Check(Italy, Raw(times: false)).Refusal?.Reason);

    [Fact]
    public void An_unknown_message_type_number_is_refused_unknown_message_type() =>
        Assert.Equal(ReasonCode.UnknownMessageType, Check(Italy, Raw(type: ProtoBytes.VarintField(5, 9999))).Refusal?.Reason);

    [Fact]
    public void A_message_type_with_the_wrong_wire_type_is_refused_unknown_message_type() =>
        Assert.Equal(ReasonCode.UnknownMessageType, Check(Italy, Raw(type: ProtoBytes.TextField(5, "RETURN_PLAN"))).Refusal?.Reason);

    [Fact]
    public void Another_schema_version_is_refused_unsupported_schema_version() =>
        Assert.Equal(ReasonCode.UnsupportedSchemaVersion, Check(Italy, Raw(schema: ProtoBytes.VarintField(6, 2))).Refusal?.Reason);

    [Fact]
    public void A_schema_version_with_the_wrong_wire_type_is_refused_unsupported_schema_version() =>
        Assert.Equal(ReasonCode.UnsupportedSchemaVersion, Check(Italy, Raw(schema: ProtoBytes.Fixed32Field(6, 1))).Refusal?.Reason);

    [Fact]
    public void A_type_the_exchange_rules_do_not_allow_is_refused_not_authorized() =>
        Assert.Equal(ReasonCode.NotAuthorized, Check(Italy, Raw(type: ProtoBytes.VarintField(5, (ulong)MessageType.LawEnforcementInformation))).Refusal?.Reason);

    [Fact]
    public void Without_a_usable_trust_list_the_route_is_refused_trust_list_stale()
    {
        var check = new RouteCheck(Albania, DeliveryTrust.Empty(_time));

        Assert.Equal(ReasonCode.TrustListStale, check.Check(Italy, RouteHeader.Parser.ParseFrom(Raw())).Refusal?.Reason);
    }

    private Core.Delivery.Outcome<TrustListSnapshot> Check(ParticipantId peer, byte[] raw) =>
        new RouteCheck(Albania, DeliveryTrust.Manager(_time)).Check(peer, RouteHeader.Parser.ParseFrom(raw));

    private byte[] Raw(string? messageId = null, string recipient = "AL/NCP", byte[]? type = null, byte[]? schema = null, bool times = true)
    {
        var now = _time.GetUtcNow();
        byte[] bytes =
        [
            .. ProtoBytes.TextField(1, messageId ?? _id),
            .. ProtoBytes.TextField(2, DeliveryParties.NewId()),
            .. ProtoBytes.TextField(3, "IT/NCP"),
            .. ProtoBytes.TextField(4, recipient),
            .. type ?? ProtoBytes.VarintField(5, (ulong)MessageType.ReturnPlan),
            .. schema ?? ProtoBytes.VarintField(6, 1),
        ];
        return times
            ? [.. bytes, .. ProtoBytes.LenField(7, Timestamp.FromDateTimeOffset(now).ToByteArray()), .. ProtoBytes.LenField(8, Timestamp.FromDateTimeOffset(now.AddDays(7)).ToByteArray())]
            : bytes;
    }
}
