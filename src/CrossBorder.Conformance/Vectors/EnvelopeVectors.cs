using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using static CrossBorder.Conformance.Vectors.VectorFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// The sealed envelope vectors: IT/NCP to AL/NCP (EC key agreement) in every way the receiver must
/// accept or refuse, IT/POLICE to AL/POLICE on the police channel, and IT/NCP to GR/NCP (RSA key
/// transport). Each is one fault at a time, so that the order of checks (section 12.3) decides nothing.
/// </summary>
internal static partial class EnvelopeVectors
{
    private static readonly string[] Opened = ["WS-5-6", "WS-5-11", "WS-5-12", "WS-5-14", "WS-5-18", "WS-6-2", "WS-7-1"];

    public static IEnumerable<VectorGroup> All(VectorFederation federation, VectorBook book)
    {
        yield return ToAlbania(federation, book);
        yield return Consular(federation, book);
        yield return Police(federation, book);
        yield return ToGreece(federation, book);
    }

    private static VectorGroup ToAlbania(VectorFederation federation, VectorBook book)
    {
        var make = new EnvelopeVectorMaker(federation, book, "AL/NCP");
        foreach (var type in federation.Participants["AL/NCP"].MayReceive)
        {
            var id = book.Next();
            var name = ProtoEnumNames<MessageType>.Name(type);
            var from = type == MessageType.IdentityConfirmationResponse ? "IT/CONSULAR" : "IT/NCP";
            make.Add(id, $"valid-{Slug(name)}", $"a well-formed {name} from {from} (the shipped example payload, minimized by the reference policy)",
                Opened, [Valid], make.Seal(id, type, from: from), null, peer: from);
        }

        TamperedVector(make, book, "tampered-ciphertext", "one bit of the AES-GCM ciphertext flipped", CmsMutations.TamperCiphertext, []);
        TamperedVector(make, book, "tampered-tag", "one bit of the GCM tag flipped", CmsMutations.TamperTag, []);
        TamperedVector(make, book, "tampered-wrapped-key", "one bit of the AES-wrapped content-encryption key flipped", CmsMutations.TamperWrappedKey, []);
        NotCmsVector(make, book);
        RoutingVectors(make, book);
        BindingVectors(make, book);
        SignerVectors(make, book, federation);
        RecipientVectors(make, book, federation);
        UnknownFieldVectors(make, book);
        ContentVectors(make, book);
        FreshnessVectors(make, book, federation);
        HeaderFormatVectors(make, book);
        return Group(federation, "AL/NCP", "envelopes from IT/NCP to AL/NCP (EC P-256 encryption certificate: ECDH key agreement)", make.Tests);
    }

    private static VectorGroup Consular(VectorFederation federation, VectorBook book)
    {
        var make = new EnvelopeVectorMaker(federation, book, "IT/CONSULAR");
        var id = book.Next();
        make.Add(id, "valid-identity-confirmation-request", "a well-formed IDENTITY_CONFIRMATION_REQUEST from AL/NCP to a consular service",
            Opened, [Valid], make.Seal(id, MessageType.IdentityConfirmationRequest, from: "AL/NCP"), null, peer: "AL/NCP");
        id = book.Next();
        var envelope = make.Seal(id, MessageType.IdentityConfirmationRequest, from: "AL/NCP");
        envelope.Route.MessageType = MessageType.IdentityConfirmationResponse;
        make.Add(id, "route-type-not-sendable", "a request routed as an IDENTITY_CONFIRMATION_RESPONSE from AL/NCP, whose may_send lacks that type",
            ["WS-4-8"], [Routing, Exchange], envelope, ReasonCode.NotAuthorized, peer: "AL/NCP");
        return Group(federation, "IT/CONSULAR", "envelopes to a consular service, IT/CONSULAR", make.Tests);
    }

    private static VectorGroup Police(VectorFederation federation, VectorBook book)
    {
        var make = new EnvelopeVectorMaker(federation, book, "AL/POLICE");
        foreach (var type in federation.Participants["AL/POLICE"].MayReceive)
        {
            var id = book.Next();
            var name = ProtoEnumNames<MessageType>.Name(type);
            make.Add(id, $"valid-police-{Slug(name)}", $"a well-formed {name} on the police channel, from IT/POLICE",
                Opened, [Valid], make.Seal(id, type, from: "IT/POLICE"), null, peer: "IT/POLICE");
        }

        var crossing = book.Next();
        var envelope = make.Seal(crossing, MessageType.CorrectionOrWithdrawalNotice, from: "IT/POLICE");
        envelope.Route.Sender = "IT/NCP";
        make.Add(crossing, "channels-crossed", "a correction notice from IT/NCP (victim-assistance channel) to AL/POLICE: the channels are kept apart",
            ["WS-4-9"], [Exchange], envelope, ReasonCode.NotAuthorized, peer: "IT/NCP");
        return Group(federation, "AL/POLICE", "envelopes on the police channel, to AL/POLICE", make.Tests);
    }

    private static VectorGroup ToGreece(VectorFederation federation, VectorBook book)
    {
        var make = new EnvelopeVectorMaker(federation, book, "GR/NCP");
        var id = book.Next();
        make.Add(id, "valid-rsa-aggregate-statistics", "a well-formed AGGREGATE_STATISTICS sealed to an RSA encryption certificate (RSAES-OAEP SHA-256 key transport)",
            ["WS-5-6", "WS-5-10", "WS-5-14", "WS-5-18", "WS-6-2", "WS-7-1"], [Valid, RsaRecipient], make.Seal(id, MessageType.AggregateStatistics), null);
        TamperedVector(make, book, "rsa-tampered-wrapped-key", "one bit of the RSA-OAEP encrypted content-encryption key flipped", CmsMutations.TamperWrappedKey, [RsaRecipient], MessageType.AggregateStatistics);
        TamperedVector(make, book, "rsa-tampered-tag", "one bit of the GCM tag flipped", CmsMutations.TamperTag, [RsaRecipient], MessageType.AggregateStatistics);
        return Group(federation, "GR/NCP", "envelopes from IT/NCP to GR/NCP (RSA 2048 encryption certificate: key transport)", make.Tests);
    }

    private static VectorGroup Group(VectorFederation federation, string receiver, string comment, IReadOnlyList<VectorTest> tests)
    {
        var participant = federation.Participants[receiver];
        return new VectorGroup("SealedEnvelope", comment, tests)
        {
            Receiver = receiver,
            ReceiverFiles = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["encryptionCertificate"] = $"{participant.Directory}/encryption.crt",
                ["encryptionKey"] = $"{participant.Directory}/encryption.key",
                ["signingCertificate"] = $"{participant.Directory}/signing.crt",
                ["signingKey"] = $"{participant.Directory}/signing.key",
            },
        };
    }

    private static string Slug(string name) => name.ToLowerInvariant().Replace('_', '-');
}
