using CrossBorder.Contracts.V1;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Tests.Trust;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Core.Tests.Delivery;

/// <summary>
/// A trust list in force for the delivery steps' tests: Albania's and Italy's NCPs exchange the
/// victim-assistance types, their police the police types; Greece is not listed.
/// </summary>
internal static class DeliveryTrust
{
    public static readonly MessageType[] Victim = [MessageType.CaseReferral, MessageType.ReturnPlan, MessageType.CorrectionOrWithdrawalNotice];
    public static readonly MessageType[] Police = [MessageType.LawEnforcementInformation, MessageType.CorrectionOrWithdrawalNotice];

    /// <summary>A manager holding a fresh list signed by a new operator.</summary>
    public static TrustListManager Manager(TimeProvider time)
    {
        var @operator = TrustListFactory.NewOperator();
        var manager = new TrustListManager(@operator, new MemoryTrustStateStore(), time, TimeSpan.FromHours(24), NullLogger.Instance);
        manager.Offer(SignedList(@operator, time));
        return manager;
    }

    /// <summary>
    /// The list, valid for a day from now, signed by <paramref name="operator"/>. Without
    /// <paramref name="pki"/> it publishes no anchors and no encryption certificates, so nothing can
    /// be sealed under it; with it, each country's root and a current CRL, and the NCPs' encryption
    /// certificates, so a message to Albania's NCP is sealed.
    /// </summary>
    public static byte[] SignedList(System.Security.Cryptography.X509Certificates.X509Certificate2 @operator, TimeProvider time, BindingPki? pki = null)
    {
        var now = time.GetUtcNow();
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            Federation = "test",
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            NextUpdate = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            Countries = { new Country { Code = "AL" }, new Country { Code = "IT" } },
            Participants =
            {
                Participant("AL/NCP", ParticipantRole.Ncp, Victim, Victim),
                Participant("AL/POLICE", ParticipantRole.Police, Police, Police),
                Participant("IT/NCP", ParticipantRole.Ncp, Victim, Victim),
                Participant("IT/POLICE", ParticipantRole.Police, Police, Police),
            },
        };
        if (pki is not null)
        {
            foreach (var country in list.Countries)
            {
                country.Anchors.Add(ByteString.CopyFrom(pki.Root(country.Code).RawData));
                country.Crls.Add(ByteString.CopyFrom(pki.Crl(country.Code, now)));
            }

            foreach (var participant in list.Participants.Where(p => p.Id.EndsWith("/NCP", StringComparison.Ordinal)))
            {
                participant.EncryptionCertificates.Add(ByteString.CopyFrom(pki[participant.Id].Encryption.RawData));
            }
        }

        return TrustListCodec.Sign(list, @operator, time);
    }

    /// <summary>A manager that never received a list: exchange is refused until one arrives.</summary>
    public static TrustListManager Empty(TimeProvider time) =>
        new(TrustListFactory.NewOperator(), new MemoryTrustStateStore(), time, TimeSpan.FromHours(24), NullLogger.Instance);

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
