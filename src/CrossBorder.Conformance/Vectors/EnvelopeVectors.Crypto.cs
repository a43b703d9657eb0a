using System.Text;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using static CrossBorder.Conformance.Vectors.VectorFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>Envelope vectors of sections 3 and 5: damaged CMS, signers the trust list does not vouch for, another recipient.</summary>
internal static partial class EnvelopeVectors
{
    private static void TamperedVector(EnvelopeVectorMaker make, VectorBook book, string slug, string what, Func<SealedEnvelope, SealedEnvelope> mutate, string[] flags, MessageType type = MessageType.ReturnPlan)
    {
        var id = book.Next();
        var name = ProtoEnumNames<MessageType>.Name(type);
        make.Add(id, slug, $"{name} with {what} after sealing", ["WS-5-13"], [Tampered, .. flags], mutate(make.Seal(id, type)), ReasonCode.DecryptFailed);
    }

    private static void NotCmsVector(EnvelopeVectorMaker make, VectorBook book)
    {
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan);
        envelope.Sealed = ByteString.CopyFrom(Encoding.ASCII.GetBytes("these sealed bytes are not a DER ContentInfo"));
        make.Add(id, "not-cms", "a routing header with sealed bytes that are ASCII text, not DER CMS", ["WS-5-2"], [NotCms], envelope, ReasonCode.Malformed);
    }

    private static void SignerVectors(EnvelopeVectorMaker make, VectorBook book, VectorFederation federation)
    {
        Signed(make, book, "signer-unlisted", "signed with a certificate of the Italian CA naming IT/UNLISTED, a participant the trust list does not list",
            ["WS-3-7", "WS-5-20"], federation.UnlistedSigner, ReasonCode.NotAuthorized);
        Signed(make, book, "signer-tls-certificate", "signed with IT/NCP's TLS certificate (extended key usage serverAuth and clientAuth only)",
            ["WS-3-8", "WS-5-20"], federation.Participants["IT/NCP"].Tls, ReasonCode.KeyUsage);
        Signed(make, book, "signer-other-country-ca", "signed with a certificate naming IT/NCP issued by the Albanian participant CA",
            ["WS-3-9", "WS-5-20"], federation.OtherCountrySigner, ReasonCode.Untrusted);
        Signed(make, book, "signer-revoked", "signed with a certificate of IT/NCP that the Italian CA's CRL in the trust list revokes",
            ["WS-3-14", "WS-5-20"], federation.RevokedSigner, ReasonCode.Revoked);
        Signed(make, book, "signer-expired", "signed with a certificate of IT/NCP that expired 30 days before the validation time",
            ["WS-3-12", "WS-5-20"], federation.ExpiredSigner, ReasonCode.Expired);

        var id = book.Next();
        using (var foreign = new ForeignPki(ParticipantId.Parse("IT/NCP"), new FixedTime(make.SealedAt)))
        {
            var signer = foreign.Signer();
            using (signer.Certificate)
            using (signer.Key)
            {
                make.Add(id, "signer-foreign-ca", "signed with a certificate naming IT/NCP issued by a CA no trust list names",
                    ["WS-3-9", "WS-5-20"], [SignerPath], make.Seal(id, MessageType.ReturnPlan, signer: signer), ReasonCode.Untrusted);
            }
        }

        id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan, signer: federation.Participants["IT/NCP"].Signing, from: "GR/NCP");
        make.Add(id, "signer-not-sender", "routed and signed-header sender GR/NCP over GR/NCP's TLS connection, but signed with IT/NCP's valid signing key",
            ["WS-6-4"], [SignerBinding], envelope, ReasonCode.SignerMismatch, peer: "GR/NCP");
    }

    private static void Signed(EnvelopeVectorMaker make, VectorBook book, string slug, string comment, string[] requirements, SigningIdentity signer, ReasonCode reason)
    {
        var id = book.Next();
        make.Add(id, slug, comment, requirements, [SignerPath], make.Seal(id, MessageType.ReturnPlan, signer: signer), reason);
    }

    private static void RecipientVectors(EnvelopeVectorMaker make, VectorBook book, VectorFederation federation)
    {
        var id = book.Next();
        var greece = federation.Snapshot.Find(ParticipantId.Parse("GR/NCP"))!.EncryptionCertificates;
        make.Add(id, "encrypted-to-another", "routed and signed for AL/NCP but encrypted only to GR/NCP's encryption certificate",
            ["WS-5-9"], [Recipient], make.Seal(id, MessageType.ReturnPlan, recipients: greece), ReasonCode.NotARecipient);
    }
}
