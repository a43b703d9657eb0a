using System.Security.Cryptography;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Conformance.Vectors.VectorFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// Trust lists offered to a gateway that holds the pinned operator certificate and has accepted
/// sequence <see cref="CurrentSequence"/>, in the manner of x509-limbo: each names the list, and
/// where the list itself is fine, a participant certificate and the purpose it is validated for
/// under it. Built from the federation's own list, one change at a time, signed by the operator
/// unless the change is the signer.
/// </summary>
internal static class TrustListVectors
{
    /// <summary>The sequence the gateway judging these vectors has already accepted.</summary>
    public const ulong CurrentSequence = VectorFederation.Sequence - 1;

    public static VectorGroup Group(VectorFederation federation, VectorBook book)
    {
        var tests = new List<VectorTest>();
        var it = federation.Participants["IT/NCP"];

        Add(federation, book, tests, "valid", "the federation's trust list, sequence one above the current", ["WS-3-1", "WS-3-2", "WS-3-3"], [Valid],
            federation.TrustList, null, Leaf(it, "tls", CertificatePurpose.TlsClient));

        using (var impostorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            using var impostor = federation.OperatorCertificate("CN=CrossBorder Test Vectors Operator, O=Not The Operator", impostorKey, "federation/extra/impostor-operator");
            Add(federation, book, tests, "signed-by-impostor", "the federation's list signed by a certificate with the operator's name that is not the pinned one",
                ["WS-3-1"], [TrustListSignature], federation.SignTrustList(federation.Document, impostor), ReasonCode.Untrusted);
        }

        Add(federation, book, tests, "bad-signature", "the federation's list with one bit of the operator's signature value flipped",
            ["WS-3-1"], [TrustListSignature], FlipSignature(federation.TrustList), ReasonCode.BadSignature);
        Add(federation, book, tests, "unknown-field-top-level", $"a list with an unknown varint field {UnknownFieldBytes.FieldNumber} at the top level",
            ["WS-3-2", "WS-7-2"], [TrustListContent, UnknownField], Signed(federation, With(federation.Document, UnknownFieldBytes.Of(WireFormat.WireType.Varint))), ReasonCode.UnknownField);

        var nested = federation.Document.Clone();
        nested.Participants[0] = Participant.Parser.ParseFrom([.. nested.Participants[0].ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.LengthDelimited)]);
        Add(federation, book, tests, "unknown-field-in-participant", $"a list whose first participant has an unknown length-delimited field {UnknownFieldBytes.FieldNumber}",
            ["WS-3-2", "WS-7-2"], [TrustListContent, UnknownField], Signed(federation, nested), ReasonCode.UnknownField);

        Add(federation, book, tests, "no-issued-at", "a list without issued_at", ["WS-3-2"], [TrustListContent],
            Signed(federation, Changed(federation, l => l.IssuedAt = null)), ReasonCode.Malformed);
        Add(federation, book, tests, "participant-wrong-country", "a list where IT/NCP's country field is GR", ["WS-3-2"], [TrustListContent],
            Signed(federation, Changed(federation, l => l.Participants.First(p => p.Id == "IT/NCP").Country = "GR")), ReasonCode.Malformed);
        Add(federation, book, tests, "participant-http-endpoint", "a list where IT/NCP's peer endpoint is an http URL", ["WS-3-2"], [TrustListContent],
            Signed(federation, Changed(federation, l => l.Participants.First(p => p.Id == "IT/NCP").PeerEndpoint = "http://it-ncp.vectors.invalid:8443")), ReasonCode.Malformed);

        Add(federation, book, tests, "sequence-equal", $"a list with sequence {CurrentSequence}, equal to the current one (other bytes than the list accepted with it)",
            ["WS-3-3"], [Rollback], Signed(federation, Changed(federation, l => l.Sequence = CurrentSequence)), ReasonCode.Rollback);
        Add(federation, book, tests, "sequence-lower", $"a list with sequence {CurrentSequence - 1}, below the current {CurrentSequence}",
            ["WS-3-3"], [Rollback], Signed(federation, Changed(federation, l => l.Sequence = CurrentSequence - 1)), ReasonCode.Rollback);

        Add(federation, book, tests, "next-update-past-grace", "a list whose next_update is 25 hours before the validation time (grace 24 hours)",
            ["WS-3-5"], [TrustListFreshness, Boundary], Signed(federation, NextUpdate(federation, TimeSpan.FromHours(-25))), ReasonCode.TrustListStale);
        Add(federation, book, tests, "next-update-in-grace", "a list whose next_update is 23 hours before the validation time: still within the grace",
            ["WS-3-5"], [Valid, TrustListFreshness, Boundary], Signed(federation, NextUpdate(federation, TimeSpan.FromHours(-23))), null);

        Add(federation, book, tests, "intermediate-not-listed", "a list whose IT entry lacks the participant CA; IT/NCP's TLS client certificate then has no path",
            ["WS-3-4"], [CertificateUnderList], Signed(federation, Changed(federation, l => l.Countries.First(c => c.Code == "IT").Intermediates.Clear())),
            ReasonCode.Untrusted, Leaf(it, "tls", CertificatePurpose.TlsClient));
        Add(federation, book, tests, "certificate-unlisted-participant", "the federation's list; a signing certificate of its IT CA naming IT/UNLISTED",
            ["WS-3-7"], [CertificateUnderList], federation.TrustList, ReasonCode.NotAuthorized, ("federation/extra/it-unlisted-signing.crt", CertificatePurpose.Signing));
        Add(federation, book, tests, "certificate-wrong-purpose", "the federation's list; IT/NCP's TLS certificate validated for signing",
            ["WS-3-8"], [CertificateUnderList], federation.TrustList, ReasonCode.KeyUsage, Leaf(it, "tls", CertificatePurpose.Signing));
        Add(federation, book, tests, "certificate-other-country-ca", "the federation's list; a signing certificate naming IT/NCP issued by the Albanian CA",
            ["WS-3-9"], [CertificateUnderList], federation.TrustList, ReasonCode.Untrusted, ("federation/extra/it-ncp-signing-by-al-ca.crt", CertificatePurpose.Signing));
        return new VectorGroup("TrustList", $"trust lists offered to a gateway pinned to federation/operator.crt that has accepted sequence {CurrentSequence}", tests)
        {
            CurrentSequence = CurrentSequence,
        };
    }

    private static (string File, CertificatePurpose Purpose) Leaf(VectorParticipant participant, string kind, CertificatePurpose purpose) =>
        ($"{participant.Directory}/{kind}.crt", purpose);

    private static void Add(
        VectorFederation federation,
        VectorBook book,
        List<VectorTest> tests,
        string slug,
        string comment,
        string[] requirements,
        string[] flags,
        byte[] signedList,
        ReasonCode? reason,
        (string File, CertificatePurpose Purpose)? leaf = null)
    {
        var id = book.Next();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["trustList"] = ReferenceEquals(signedList, federation.TrustList) ? "federation/trust-list.p7" : book.Add("trust-lists", id, slug, "p7", signedList),
        };
        if (leaf is { } certificate)
        {
            files["certificate"] = certificate.File;
        }

        var (result, name) = VectorBook.Outcome(reason);
        tests.Add(new VectorTest(id, comment, requirements, files, result, name, flags)
        {
            Stage = reason is null ? null : leaf is null ? "trustList" : "certificate",
            Purpose = leaf?.Purpose.ToString(),
        });
    }

    private static TrustList Changed(VectorFederation federation, Action<TrustList> change)
    {
        var list = federation.Document.Clone();
        change(list);
        return list;
    }

    private static TrustList NextUpdate(VectorFederation federation, TimeSpan fromValidation) => Changed(federation, l =>
    {
        l.IssuedAt = Timestamp.FromDateTimeOffset(federation.Time.AddDays(-30));
        l.NextUpdate = Timestamp.FromDateTimeOffset(federation.Time + fromValidation);
    });

    /// <summary>The list with <paramref name="extra"/> encoded fields after its own (kept by the lenient parser, written back by the codec).</summary>
    private static TrustList With(TrustList list, byte[] extra) => TrustList.Parser.ParseFrom([.. list.ToByteArray(), .. extra]);

    private static byte[] Signed(VectorFederation federation, TrustList list) => federation.SignTrustList(list, federation.Operator);

    /// <summary>Flips one bit in the middle of the signature value: ContentInfo → [0] → SignedData → signerInfos → SignerInfo → signature.</summary>
    private static byte[] FlipSignature(byte[] signedList)
    {
        var bytes = (byte[])signedList.Clone();
        var signedData = DerNode.Parse(bytes).Children[1].Children[0];
        var signerInfo = signedData.Children[^1].Children[0];
        var signature = signerInfo.Children.Last(c => c.Tag == 0x04);
        bytes[signature.ContentOffset + (signature.ContentLength / 2)] ^= 0x01;
        return bytes;
    }
}
