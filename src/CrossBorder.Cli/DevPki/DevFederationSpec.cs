using CrossBorder.Contracts.V1;

namespace CrossBorder.Cli.DevPki;

/// <summary>
/// Who is in the dev federation: Albania, Italy and Greece, six participants, their roles,
/// message types, local roles and loopback ports.
/// </summary>
internal static class DevFederationSpec
{
    public const int BasePort = 47100;

    /// <summary>
    /// The legal instruments the dev gateways may cite (fictional bilateral references and real
    /// instruments), among them the one <c>notify</c> cites by default.
    /// </summary>
    public static readonly string[] LegalBases =
    [
        "AL-IT/2019/TRM-MoU art. 6",
        "AL-GR/2021/TRM-MoU art. 4",
        "CETS No. 197 art. 16",
        "Directive 2011/36/EU art. 11",
        Commands.NotifyCommand.DefaultLegalBasis,
    ];

    public static readonly (string Code, string Name)[] Countries = [("AL", "Albania"), ("IT", "Italy"), ("GR", "Greece")];

    private static readonly MessageType[] NcpSend =
    [
        MessageType.CaseReferral, MessageType.IdentityConfirmationRequest, MessageType.ReturnRiskAssessment,
        MessageType.ReturnPlan, MessageType.ReceptionConfirmation, MessageType.ChildProtectionExchange,
        MessageType.CorrectionOrWithdrawalNotice, MessageType.AggregateStatistics,
    ];

    private static readonly MessageType[] NcpReceive =
    [
        MessageType.CaseReferral, MessageType.IdentityConfirmationResponse, MessageType.ReturnRiskAssessment,
        MessageType.ReturnPlan, MessageType.ReceptionConfirmation, MessageType.ChildProtectionExchange,
        MessageType.CorrectionOrWithdrawalNotice, MessageType.AggregateStatistics,
    ];

    private static readonly MessageType[] ChildProtection = [MessageType.ChildProtectionExchange, MessageType.CorrectionOrWithdrawalNotice];
    private static readonly MessageType[] Police = [MessageType.LawEnforcementInformation, MessageType.CorrectionOrWithdrawalNotice];

    private static readonly DevLocalRole[] NcpLocalRoles =
    [
        new("case-worker", [.. NcpSend.Except([MessageType.ChildProtectionExchange])], [.. NcpReceive.Except([MessageType.ChildProtectionExchange])]),
        new("child-protection", ChildProtection, ChildProtection),
    ];

    public static readonly DevParticipant[] Participants =
    [
        Ncp("AL/NCP", 0),
        new("AL/CONSULAR", 1, [ParticipantRole.Consular],
            [MessageType.IdentityConfirmationResponse, MessageType.CorrectionOrWithdrawalNotice],
            [MessageType.IdentityConfirmationRequest, MessageType.CorrectionOrWithdrawalNotice],
            [new("consular-officer",
                [MessageType.IdentityConfirmationResponse, MessageType.CorrectionOrWithdrawalNotice],
                [MessageType.IdentityConfirmationRequest, MessageType.CorrectionOrWithdrawalNotice])],
            RsaEncryption: false),
        new("AL/POLICE", 2, [ParticipantRole.Police], Police, Police, [new("police-officer", Police, Police)], RsaEncryption: false),
        Ncp("IT/NCP", 3),
        new("IT/POLICE", 4, [ParticipantRole.Police], Police, Police, [new("police-officer", Police, Police)], RsaEncryption: false),
        Ncp("GR/NCP", 5) with { RsaEncryption = true },
    ];

    private static DevParticipant Ncp(string id, int index) => new(
        id, index, [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator],
        NcpSend, NcpReceive, NcpLocalRoles, RsaEncryption: false);
}
