using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Conformance.Vectors.VectorFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>Envelope vectors of sections 4 and 6: the clear routing header, and its binding to the signed inner header.</summary>
internal static partial class EnvelopeVectors
{
    private static void RoutingVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        Route(make, book, "route-recipient-other", "a well-formed envelope for AL/NCP whose routing recipient is GR/NCP",
            ["WS-4-3"], r => r.Recipient = "GR/NCP", ReasonCode.NotARecipient);
        Route(make, book, "route-sender-not-peer", "a routing sender GR/NCP delivered over IT/NCP's TLS connection",
            ["WS-4-4"], r => r.Sender = "GR/NCP", ReasonCode.SignerMismatch);
        Route(make, book, "route-message-id-upper-case", "a routing message_id in upper-case hex digits",
            ["WS-4-5"], r => r.MessageId = r.MessageId.ToUpperInvariant(), ReasonCode.Malformed);
        Route(make, book, "route-no-expires-at", "a routing header without expires_at",
            ["WS-4-5"], r => r.ExpiresAt = null, ReasonCode.Malformed);
        Route(make, book, "route-message-type-zero", "a routing message_type 0",
            ["WS-4-6"], r => r.MessageType = MessageType.Unspecified, ReasonCode.UnknownMessageType);
        Route(make, book, "route-message-type-undefined", "a routing message_type 99, which version 1 does not define",
            ["WS-4-6"], r => r.MessageType = (MessageType)99, ReasonCode.UnknownMessageType);
        Route(make, book, "route-schema-version-2", "a routing schema_version 2",
            ["WS-4-7"], r => r.SchemaVersion = 2, ReasonCode.UnsupportedSchemaVersion);
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan);
        envelope.Route.Sender = "IT/POLICE";
        make.Add(id, "route-police-to-ncp", "an envelope routed from IT/POLICE to AL/NCP over IT/POLICE's TLS connection: the police channel stays apart",
            ["WS-4-9"], [Routing, Exchange], envelope, ReasonCode.NotAuthorized, peer: "IT/POLICE");
    }

    private static void Route(EnvelopeVectorMaker make, VectorBook book, string slug, string comment, string[] requirements, Action<RouteHeader> change, ReasonCode reason)
    {
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan);
        change(envelope.Route);
        make.Add(id, slug, comment, requirements, [Routing], envelope, reason);
    }

    private static void BindingVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        Changed(make, book, "message-id", r => r.MessageId = "0123456789abcdef0123456789abcdef");
        Changed(make, book, "conversation-id", r => r.ConversationId = "fedcba9876543210fedcba9876543210");
        Changed(make, book, "message-type", r => r.MessageType = MessageType.CaseReferral);
        Changed(make, book, "created-at", r => r.CreatedAt = Timestamp.FromDateTimeOffset(r.CreatedAt.ToDateTimeOffset().AddSeconds(-1)));
        Changed(make, book, "expires-at", r => r.ExpiresAt = Timestamp.FromDateTimeOffset(r.ExpiresAt.ToDateTimeOffset().AddMinutes(1)));
        Changed(make, book, "size-bucket", r => r.SizeBucket += 1024);

        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan, from: "IT/NCP");
        envelope.Route.Sender = "GR/NCP";
        make.Add(id, "binding-sender", "routed as from GR/NCP over GR/NCP's TLS connection; the signed header names IT/NCP as sender",
            ["WS-6-2"], [HeaderBinding], envelope, ReasonCode.HeaderMismatch, peer: "GR/NCP");

        id = book.Next();
        var albania = make.Factory(id).Sender.Trust.Find(ParticipantId.Parse("AL/NCP"))!.EncryptionCertificates;
        envelope = make.Seal(id, MessageType.ReturnPlan, h => h.Route.Recipient = "GR/NCP", recipients: albania);
        envelope.Route.Recipient = "AL/NCP";
        make.Add(id, "binding-recipient", "signed for GR/NCP, then encrypted and routed to AL/NCP (a recipient forwarding someone else's signed message)",
            ["WS-6-2"], [HeaderBinding], envelope, ReasonCode.HeaderMismatch);

        id = book.Next();
        envelope = make.SealContent(id, MessageType.ReturnPlan, content =>
        {
            var bytes = ContentPadding.Pad(content, []);
            content.Padding = ByteString.CopyFrom(new byte[content.Padding.Length - 1]);
            var shorter = content.ToByteArray();
            return shorter.Length == bytes.Length - 1 ? shorter : throw new InvalidOperationException("the padding length's varint changed size");
        });
        make.Add(id, "size-bucket-not-length", "signed content one byte shorter than the size_bucket both headers record",
            ["WS-6-3"], [HeaderBinding], envelope, ReasonCode.HeaderMismatch);

        id = book.Next();
        envelope = make.SealContent(id, MessageType.ReturnPlan, content =>
        {
            content.Payload = new CasePayload { AggregateStatistics = new AggregateStatistics() };
            return ContentPadding.Pad(content, []);
        });
        make.Add(id, "payload-type", "signed content whose payload is an AGGREGATE_STATISTICS while both headers say RETURN_PLAN",
            ["WS-6-5"], [HeaderBinding], envelope, ReasonCode.HeaderMismatch);
    }

    private static void Changed(EnvelopeVectorMaker make, VectorBook book, string field, Action<RouteHeader> change)
    {
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan);
        change(envelope.Route);
        make.Add(id, $"binding-{field}", $"the routing {field.Replace('-', '_')} changed after signing; the signed inner header keeps the original",
            ["WS-6-2"], [HeaderBinding], envelope, ReasonCode.HeaderMismatch);
    }
}
