using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using Google.Protobuf;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// Seals the envelope vectors of one group with the harness's <see cref="EnvelopeFactory"/> (Core's
/// sealer underneath) and records each as a test: one encoded SealedEnvelope per file, with the
/// TLS peer it is delivered by and the expected answer.
/// </summary>
internal sealed class EnvelopeVectorMaker(VectorFederation federation, VectorBook book, string receiver)
{
    public const string LegalBasis = "AL-IT/2019/TRM-MoU art. 6";

    /// <summary>The pseudonym key of every vector: published, so that the signed content is the same in every run.</summary>
    private static readonly IPseudonymKeySource Pseudonyms =
        new DerivedPseudonymKeySource(SHA256.HashData(Encoding.ASCII.GetBytes("crossborder test vectors pseudonym key")), "vectors");

    private readonly List<VectorTest> _tests = [];

    /// <summary>Envelopes are sealed ten minutes before the validation time.</summary>
    public DateTimeOffset SealedAt => federation.Time.AddMinutes(-10);

    public IReadOnlyList<VectorTest> Tests => _tests;

    /// <summary>A factory for envelopes from <paramref name="from"/> to the group's receiver, sealed at <paramref name="sealedAt"/>, with ids of vector <paramref name="tcId"/>.</summary>
    public EnvelopeFactory Factory(int tcId, string from = "IT/NCP", DateTimeOffset? sealedAt = null)
    {
        var sender = federation.Participants[from];
        var at = sealedAt ?? SealedAt;
        var target = federation.Snapshot.Find(Core.Trust.ParticipantId.Parse(receiver))!;
        return new EnvelopeFactory(new EnvelopeSender(sender.Id, sender.Signing, federation.Snapshot, LegalBasis), target, new FixedTime(at), VectorIds.For(tcId, at), Pseudonyms);
    }

    /// <summary>Seals the type's example from <paramref name="from"/>, as <see cref="EnvelopeFactory.Seal"/> does.</summary>
    public SealedEnvelope Seal(
        int tcId,
        MessageType type,
        Action<InnerHeader>? adjust = null,
        SigningIdentity? signer = null,
        IReadOnlyList<X509Certificate2>? recipients = null,
        string from = "IT/NCP",
        DateTimeOffset? sealedAt = null) =>
        Sealed(Factory(tcId, from, sealedAt).Seal(type, adjust, signer, recipients));

    /// <summary>Seals the type's example content as <paramref name="encode"/> writes it (<see cref="EnvelopeFactory.SealContent"/>).</summary>
    public SealedEnvelope SealContent(int tcId, MessageType type, Func<SealedContent, byte[]> encode) =>
        Sealed(Factory(tcId).SealContent(type, encode));

    /// <summary>Records a vector whose file is <paramref name="envelope"/>'s encoding.</summary>
    public void Add(int tcId, string slug, string comment, string[] requirements, string[] flags, SealedEnvelope envelope, ReasonCode? reason, string peer = "IT/NCP") =>
        Add(tcId, slug, comment, requirements, flags, envelope.ToByteArray(), reason, peer);

    /// <summary>Records a vector whose file is <paramref name="encoded"/>, delivered by <paramref name="peer"/>.</summary>
    public void Add(int tcId, string slug, string comment, string[] requirements, string[] flags, byte[] encoded, ReasonCode? reason, string peer = "IT/NCP")
    {
        var (result, name) = VectorBook.Outcome(reason);
        var file = book.Add("envelopes", tcId, slug, "bin", encoded);
        var afterAuthentication = reason is null or ReasonCode.Stale or ReasonCode.InvalidFormat or ReasonCode.PolicyRefused or ReasonCode.IdConflict;
        var answeredAs = afterAuthentication && !flags.Contains(VectorFlags.SigningTime) ? "receipt" : "status";
        _tests.Add(new VectorTest(tcId, comment, requirements, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["envelope"] = file }, result, name, flags)
        {
            Peer = peer,
            AnsweredAs = answeredAs,
        });
    }

    private static SealedEnvelope Sealed((SealedEnvelope? Envelope, string? Refused) sealedEnvelope) =>
        sealedEnvelope.Envelope ?? throw new InvalidOperationException($"the reference policy refuses a vector's example: {sealedEnvelope.Refused}");
}
