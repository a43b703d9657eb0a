using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.Trust;

public sealed class ExchangeRulesTests
{
    private static readonly MessageType[] Victim = [MessageType.CaseReferral, MessageType.ReturnPlan, MessageType.CorrectionOrWithdrawalNotice];
    private static readonly MessageType[] Police = [MessageType.LawEnforcementInformation, MessageType.CorrectionOrWithdrawalNotice];
    private readonly TrustListSnapshot _trust = Snapshot();

    [Theory]
    [InlineData("IT/NCP", "AL/NCP", MessageType.ReturnPlan)]
    [InlineData("IT/POLICE", "AL/POLICE", MessageType.LawEnforcementInformation)]
    [InlineData("IT/POLICE", "AL/POLICE", MessageType.CorrectionOrWithdrawalNotice)]
    public void Allowed_exchanges_pass(string from, string to, MessageType type) =>
        Assert.True(ExchangeRules.Check(_trust, ParticipantId.Parse(from), ParticipantId.Parse(to), type).IsAccepted);

    [Theory]
    [InlineData("IT/POLICE", "AL/NCP", MessageType.CaseReferral, "kept apart")]
    [InlineData("IT/NCP", "AL/POLICE", MessageType.CorrectionOrWithdrawalNotice, "kept apart")]
    [InlineData("IT/NCP", "AL/NCP", MessageType.LawEnforcementInformation, "only between police")]
    [InlineData("IT/POLICE", "AL/POLICE", MessageType.ReturnPlan, "may not send")]
    [InlineData("IT/NCP", "AL/NCP", MessageType.ChildProtectionExchange, "may not send")]
    [InlineData("IT/NCP", "AL/CONSULAR", MessageType.ReturnPlan, "may not receive")]
    [InlineData("IT/NCP", "XX/NOBODY", MessageType.ReturnPlan, "not in the trust list")]
    public void Refused_exchanges_say_which_rule_refused_them(string from, string to, MessageType type, string rule)
    {
        var check = ExchangeRules.Check(_trust, ParticipantId.Parse(from), ParticipantId.Parse(to), type);

        Assert.Equal(ReasonCode.NotAuthorized, check.Reason);
        Assert.Contains(rule, check.Detail, StringComparison.Ordinal);
    }

    private static TrustListSnapshot Snapshot()
    {
        var @operator = TrustListFactory.NewOperator();
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            IssuedAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
            NextUpdate = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(1)),
            Countries = { new Country { Code = "AL" }, new Country { Code = "IT" } },
            Participants =
            {
                Participant("AL/NCP", ParticipantRole.Ncp, Victim, Victim),
                Participant("AL/CONSULAR", ParticipantRole.Consular, [MessageType.IdentityConfirmationResponse], [MessageType.IdentityConfirmationRequest]),
                Participant("AL/POLICE", ParticipantRole.Police, Police, Police),
                Participant("IT/NCP", ParticipantRole.Ncp, Victim, Victim),
                Participant("IT/POLICE", ParticipantRole.Police, Police, Police),
            },
        };
        return TrustListCodec.Open(TrustListCodec.Sign(list, @operator, TimeProvider.System), @operator);
    }

    private static Participant Participant(string id, ParticipantRole role, MessageType[] send, MessageType[] receive) => new()
    {
        Id = id,
        Country = id[..2],
        Roles = { role },
        PeerEndpoint = "https://127.0.0.1:1",
        MaySend = { send },
        MayReceive = { receive },
    };
}
