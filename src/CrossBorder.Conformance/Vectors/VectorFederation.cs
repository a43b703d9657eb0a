using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// The test vectors' federation, every key of it published: an operator, a root and an
/// intermediate CA for Albania, Italy and Greece with numbered CRLs, six participants (NCPs, a
/// consular service and police; GR/NCP with an RSA encryption key, the others EC), a few signing certificates that
/// must fail (revoked, expired, issued by another country's CA, naming an unlisted participant),
/// and the signed trust list. Validity spans years around the validation time, so that the
/// vectors keep working whatever day they are judged on (always at the validation time).
/// </summary>
internal sealed class VectorFederation : IDisposable
{
    /// <summary>The sequence of the federation's trust list; the trust list vectors name a current sequence below it.</summary>
    public const ulong Sequence = 6;

    /// <summary>The CRL number of every CRL the trust list embeds.</summary>
    public static readonly BigInteger EmbeddedCrlNumber = 10;

    private static readonly MessageType[] NcpSend =
    [
        MessageType.CaseReferral, MessageType.IdentityConfirmationRequest, MessageType.ReturnRiskAssessment, MessageType.ReturnPlan,
        MessageType.ReceptionConfirmation, MessageType.ChildProtectionExchange, MessageType.CorrectionOrWithdrawalNotice, MessageType.AggregateStatistics,
    ];

    private static readonly MessageType[] NcpReceive =
    [
        MessageType.CaseReferral, MessageType.IdentityConfirmationResponse, MessageType.ReturnRiskAssessment, MessageType.ReturnPlan,
        MessageType.ReceptionConfirmation, MessageType.ChildProtectionExchange, MessageType.CorrectionOrWithdrawalNotice, MessageType.AggregateStatistics,
    ];

    private static readonly MessageType[] ConsularSend = [MessageType.IdentityConfirmationResponse, MessageType.CorrectionOrWithdrawalNotice];

    private static readonly MessageType[] ConsularReceive = [MessageType.IdentityConfirmationRequest, MessageType.CorrectionOrWithdrawalNotice];

    private static readonly MessageType[] Police = [MessageType.LawEnforcementInformation, MessageType.CorrectionOrWithdrawalNotice];

    private readonly VectorFiles _files;
    private readonly List<IDisposable> _owned = [];

    public VectorFederation(DateTimeOffset time, VectorFiles files)
    {
        _files = files;
        Time = time;
        OperatorKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Operator = Own(OperatorCertificate("CN=CrossBorder Test Vectors Operator, O=CrossBorder Test Vectors", OperatorKey, "federation/operator"));
        foreach (var (code, name) in new[] { ("AL", "Albania"), ("IT", "Italy"), ("GR", "Greece") })
        {
            Countries[code] = CountryCa(code, name);
        }

        ParticipantRole[] ncp = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator];
        Add("AL/NCP", ncp, NcpSend, NcpReceive, rsa: false);
        Add("IT/NCP", ncp, NcpSend, NcpReceive, rsa: false);
        Add("GR/NCP", ncp, NcpSend, NcpReceive, rsa: true);
        Add("IT/CONSULAR", [ParticipantRole.Consular], ConsularSend, ConsularReceive, rsa: false);
        Add("AL/POLICE", [ParticipantRole.Police], Police, Police, rsa: false);
        Add("IT/POLICE", [ParticipantRole.Police], Police, Police, rsa: false);

        var italy = Countries["IT"];
        var it = ParticipantId.Parse("IT/NCP");
        RevokedSigner = Signer("federation/extra/it-ncp-signing-revoked", it, italy, NotBefore, LeafNotAfter);
        ExpiredSigner = Signer("federation/extra/it-ncp-signing-expired", it, italy, time.AddDays(-400), time.AddDays(-30));
        OtherCountrySigner = Signer("federation/extra/it-ncp-signing-by-al-ca", it, Countries["AL"], NotBefore, LeafNotAfter);
        UnlistedSigner = Signer("federation/extra/it-unlisted-signing", ParticipantId.Parse("IT/UNLISTED"), italy, NotBefore, LeafNotAfter);

        foreach (var country in Countries.Values)
        {
            country.Crls.Add(CertificateFactory.Crl(country.Root, EmbeddedCrlNumber, CrlThisUpdate, FarFuture, []));
            IReadOnlyList<X509Certificate2> revoked = country.Code == "IT" ? [RevokedSigner.Certificate] : [];
            country.Crls.Add(CertificateFactory.Crl(country.Intermediate, EmbeddedCrlNumber, CrlThisUpdate, FarFuture, revoked));
            _files.Add($"federation/{country.Code.ToLowerInvariant()}/root-ca.crl", country.Crls[0]);
            _files.Add($"federation/{country.Code.ToLowerInvariant()}/intermediate-ca.crl", country.Crls[1]);
        }

        Document = BuildTrustList();
        TrustList = SignTrustList(Document, Operator);
        _files.Add("federation/trust-list.p7", TrustList);
        Snapshot = TrustListCodec.Open(TrustList, Operator);
    }

    public DateTimeOffset Time { get; }

    /// <summary>When the trust list's CRLs were issued: a day before the validation time.</summary>
    public DateTimeOffset CrlThisUpdate => Time.AddDays(-1);

    /// <summary>Ten years after the validation time: the end of the CRLs' and the trust list's currency.</summary>
    public DateTimeOffset FarFuture => Time.AddYears(10);

    public ECDsa OperatorKey { get; }

    public X509Certificate2 Operator { get; }

    public Dictionary<string, VectorCountry> Countries { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VectorParticipant> Participants { get; } = new(StringComparer.Ordinal);

    public SigningIdentity RevokedSigner { get; }

    public SigningIdentity ExpiredSigner { get; }

    public SigningIdentity OtherCountrySigner { get; }

    public SigningIdentity UnlistedSigner { get; }

    /// <summary>The unsigned content of the federation's trust list, for the trust list vectors to vary.</summary>
    public TrustList Document { get; }

    /// <summary>The signed trust list every envelope vector is judged by.</summary>
    public byte[] TrustList { get; }

    public TrustListSnapshot Snapshot { get; }

    private DateTimeOffset NotBefore => Time.AddDays(-365);

    private DateTimeOffset LeafNotAfter => Time.AddYears(10);

    /// <summary>Signs trust list content as the operator does, a day before the validation time.</summary>
    public byte[] SignTrustList(TrustList list, X509Certificate2 signer) => TrustListCodec.Sign(list, signer, new FixedTime(Time.AddDays(-1)));

    /// <summary>A self-signed operator-like certificate (the real operator, or an impostor for a vector).</summary>
    public X509Certificate2 OperatorCertificate(string subject, ECDsa key, string file)
    {
        ArgumentNullException.ThrowIfNull(key);
        var certificate = CertificateFactory.Operator(subject, key, NotBefore, Time.AddYears(20));
        _files.Certificate(file, certificate, key);
        return certificate;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private TrustList BuildTrustList()
    {
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = Sequence,
            Federation = "crossborder-test-vectors",
            IssuedAt = Timestamp.FromDateTimeOffset(Time.AddDays(-1)),
            NextUpdate = Timestamp.FromDateTimeOffset(FarFuture),
        };
        foreach (var country in Countries.Values)
        {
            list.Countries.Add(new Country
            {
                Code = country.Code,
                Anchors = { ByteString.CopyFrom(country.Root.RawData) },
                Intermediates = { ByteString.CopyFrom(country.Intermediate.RawData) },
                Crls = { country.Crls.Select(ByteString.CopyFrom) },
            });
        }

        foreach (var participant in Participants.Values)
        {
            list.Participants.Add(new Participant
            {
                Id = participant.Id.ToString(),
                Country = participant.Id.Country,
                Roles = { participant.Roles },
                PeerEndpoint = $"https://{participant.Id.Slug}.vectors.invalid:8443",
                MaySend = { participant.MaySend },
                MayReceive = { participant.MayReceive },
                EncryptionCertificates = { ByteString.CopyFrom(participant.Encryption.Certificate.RawData) },
            });
        }

        return list;
    }

    private VectorCountry CountryCa(string code, string name)
    {
        var directory = $"federation/{code.ToLowerInvariant()}";
        var rootKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var root = Own(CertificateFactory.SelfSignedCa($"CN=CrossBorder Test Vectors Root CA {code}, O=CrossBorder Test Vectors {name}, C={code}", rootKey, 1, NotBefore, Time.AddYears(20)));
        var intermediateKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var intermediate = Own(CertificateFactory.SubordinateCa(
            $"CN=CrossBorder Test Vectors Participant CA {code}, O=CrossBorder Test Vectors {name}, C={code}", intermediateKey, root, rootKey, 0, NotBefore, Time.AddYears(15)));
        _files.Certificate($"{directory}/root-ca", root, rootKey);
        _files.Certificate($"{directory}/intermediate-ca", intermediate, intermediateKey);
        return new VectorCountry(code, root, intermediate, intermediateKey);
    }

    private void Add(string participant, ParticipantRole[] roles, MessageType[] maySend, MessageType[] mayReceive, bool rsa)
    {
        var id = ParticipantId.Parse(participant);
        var ca = Countries[id.Country];
        var directory = $"federation/participants/{id.Slug}";
        var subject = Subject(id);

        var tlsKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var tls = Own(CertificateFactory.Leaf(subject, new PublicKey(tlsKey), ca.Intermediate, ca.IntermediateKey, X509KeyUsageFlags.DigitalSignature,
            [CertificateFactory.ServerAuth, CertificateFactory.ClientAuth], [id.Uri], false, NotBefore, LeafNotAfter));
        _files.Certificate($"{directory}/tls", tls, tlsKey);

        var signing = Signer($"{directory}/signing", id, ca, NotBefore, LeafNotAfter);

        AsymmetricAlgorithm encryptionKey = rsa ? Own(RSA.Create(2048)) : Own(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));
        var publicKey = encryptionKey is RSA r ? new PublicKey(r) : new PublicKey((ECDiffieHellman)encryptionKey);
        var encryption = Own(CertificateFactory.Leaf(subject, publicKey, ca.Intermediate, ca.IntermediateKey,
            rsa ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.KeyAgreement, [], [id.Uri], false, NotBefore, LeafNotAfter));
        _files.Certificate($"{directory}/encryption", encryption, encryptionKey);

        Participants[participant] = new VectorParticipant(id, roles, maySend, mayReceive, new SigningIdentity(tls, tlsKey, [ca.Intermediate]), signing, (encryption, encryptionKey), directory);
    }

    private SigningIdentity Signer(string file, ParticipantId id, VectorCountry ca, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var certificate = Own(CertificateFactory.Leaf(Subject(id), new PublicKey(key), ca.Intermediate, ca.IntermediateKey,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], [id.Uri], false, notBefore, notAfter));
        _files.Certificate(file, certificate, key);
        return new SigningIdentity(certificate, key, [ca.Intermediate]);
    }

    private static string Subject(ParticipantId id) => $"CN={id}, O=CrossBorder Test Vectors, C={id.Country}";

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
