using System.Text;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Conformance.Vectors.EnvelopeFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// The sealed envelope vectors: IT/NCP to AL/NCP (EC key agreement) in every way the receiver must
/// accept or refuse, IT/POLICE to AL/POLICE on the police channel, and IT/NCP to GR/NCP (RSA key
/// transport). Each is one fault at a time, so that the order of checks (section 12.3) decides nothing.
/// </summary>
internal static class EnvelopeVectors
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

    private static void TamperedVector(EnvelopeVectorMaker make, VectorBook book, string slug, string what, Func<SealedEnvelope, SealedEnvelope> mutate, string[] flags, MessageType type = MessageType.ReturnPlan)
    {
        var id = book.Next();
        var name = ProtoEnumNames<MessageType>.Name(type);
        make.Add(id, slug, $"a {name} with {what} after sealing", ["WS-5-13"], [Tampered, .. flags], mutate(make.Seal(id, type)), ReasonCode.DecryptFailed);
    }

    private static void NotCmsVector(EnvelopeVectorMaker make, VectorBook book)
    {
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan);
        envelope.Sealed = ByteString.CopyFrom(Encoding.ASCII.GetBytes("these sealed bytes are not a DER ContentInfo"));
        make.Add(id, "not-cms", "a routing header with sealed bytes that are ASCII text, not DER CMS", ["WS-5-2"], [NotCms], envelope, ReasonCode.Malformed);
    }

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

    private static void UnknownFieldVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        foreach (var (wire, name) in WireTypes)
        {
            var id = book.Next();
            make.Add(id, $"content-unknown-{name}", $"signed content with an unknown field {UnknownFieldBytes.FieldNumber} of wire type {name}",
                ["WS-7-2"], [UnknownField], make.SealContent(id, MessageType.ReturnPlan, content => ContentPadding.Pad(content, UnknownFieldBytes.Of(wire))), ReasonCode.UnknownField);
        }

        var envelopeId = book.Next();
        var envelope = make.Seal(envelopeId, MessageType.ReturnPlan);
        make.Add(envelopeId, "envelope-unknown-length-delimited", $"a SealedEnvelope with an unknown length-delimited field {UnknownFieldBytes.FieldNumber} after the sealed bytes",
            ["WS-4-10", "WS-7-2"], [UnknownField], [.. envelope.ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.LengthDelimited)], ReasonCode.UnknownField);

        var routeId = book.Next();
        envelope = make.Seal(routeId, MessageType.ReturnPlan);
        make.Add(routeId, "route-unknown-varint", $"a routing header with an unknown varint field {UnknownFieldBytes.FieldNumber}",
            ["WS-4-10", "WS-7-2"], [UnknownField], WithRouteBytes(envelope, [.. envelope.Route.ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.Varint)]), ReasonCode.UnknownField);
    }

    private static readonly (WireFormat.WireType Wire, string Name)[] WireTypes =
    [
        (WireFormat.WireType.Varint, "varint"),
        (WireFormat.WireType.Fixed64, "fixed64"),
        (WireFormat.WireType.LengthDelimited, "length-delimited"),
        (WireFormat.WireType.StartGroup, "group"),
        (WireFormat.WireType.Fixed32, "fixed32"),
    ];

    /// <summary>A SealedEnvelope encoding whose route field (1) holds <paramref name="route"/> as given.</summary>
    private static byte[] WithRouteBytes(SealedEnvelope envelope, byte[] route)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(SealedEnvelope.RouteFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(route));
        output.WriteTag(SealedEnvelope.SealedFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(envelope.Sealed);
        output.Flush();
        return buffer.ToArray();
    }

    private static void ContentVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        var id = book.Next();
        var envelope = make.SealContent(id, MessageType.ReturnPlan, content =>
        {
            // The padding field is written last, so the last byte is padding.
            var bytes = ContentPadding.Pad(content, []);
            bytes[^1] = 0x01;
            return bytes;
        });
        make.Add(id, "padding-not-zero", "signed content whose last padding byte is 0x01", ["WS-7-1"], [Content], envelope, ReasonCode.Malformed);

        id = book.Next();
        envelope = make.SealContent(id, MessageType.ReturnPlan, content => ContentPadding.Pad(content, [], SizeBuckets.Next(ContentPadding.Pad(content.Clone(), []).Length)));
        make.Add(id, "size-bucket-not-smallest", "signed content padded with zeros to the bucket after the smallest it fits, both headers recording that bucket",
            ["WS-5-22", "WS-6-3"], [Valid, Content], envelope, null);

        id = book.Next();
        envelope = make.SealContent(id, MessageType.ReturnPlan, content =>
        {
            content.Payload.ReturnPlan.DepartureAt = "tomorrow morning";
            return ContentPadding.Pad(content, []);
        });
        make.Add(id, "payload-value-format", "a RETURN_PLAN whose departure_at (declared DATE_TIME) is the text \"tomorrow morning\"",
            ["WS-7-5"], [Content], envelope, ReasonCode.InvalidFormat);
    }

    private static void FreshnessVectors(EnvelopeVectorMaker make, VectorBook book, VectorFederation federation)
    {
        var now = federation.Time;
        Times(make, book, "expired", "expired one minute before the validation time", ["WS-8-4"], now.AddDays(-3), now.AddMinutes(-1), ReasonCode.Stale);
        Times(make, book, "created-in-future", "created two hours after the validation time (signed ten minutes before it)", ["WS-8-3"], now.AddHours(2), now.AddHours(3), ReasonCode.Stale);
        Times(make, book, "lifetime-too-long", "a lifetime of 400 days", ["WS-8-5"], make.SealedAt, make.SealedAt.AddDays(400), ReasonCode.Stale);
        Times(make, book, "lifetime-336-hours", "a lifetime of exactly 336 hours, the maximum", ["WS-8-5"], make.SealedAt, make.SealedAt.AddHours(336), null, Boundary);
        Times(make, book, "lifetime-336-hours-and-a-second", "a lifetime of 336 hours and one second", ["WS-8-5"], make.SealedAt, make.SealedAt.AddHours(336).AddSeconds(1), ReasonCode.Stale, Boundary);
        Times(make, book, "lifetime-zero", "expires_at equal to created_at", ["WS-8-5"], make.SealedAt, make.SealedAt, ReasonCode.Stale);

        var id = book.Next();
        var future = now.AddHours(1);
        make.Add(id, "signing-time-in-future", "sealed and signed one hour after the validation time (beyond the 300-second skew)",
            ["WS-8-1"], [SigningTime], make.Seal(id, MessageType.ReturnPlan, sealedAt: future), ReasonCode.Stale);
    }

    private static void Times(EnvelopeVectorMaker make, VectorBook book, string slug, string what, string[] requirements, DateTimeOffset created, DateTimeOffset expires, ReasonCode? reason, string? extra = null)
    {
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan, h =>
        {
            h.Route.CreatedAt = Timestamp.FromDateTimeOffset(created);
            h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        });
        string[] flags = extra is null ? [Freshness] : [Freshness, extra];
        make.Add(id, slug, $"a RETURN_PLAN with {what}", requirements, reason is null ? [Valid, .. flags] : flags, envelope, reason);
    }

    private static void HeaderFormatVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        Header(make, book, "legal-basis-line-break", "a legal basis with a line break and free text after it", h => h.LegalBasis += "\nfree text riding in the header");
        Header(make, book, "legal-basis-symbol", "a legal basis holding the symbol @", h => h.LegalBasis += " @ annex");
        Header(make, book, "reply-to-free-text", "an in_reply_to that is text, not a message id", h => h.InReplyTo = "see the earlier message");
        Header(make, book, "no-policy-stamp", "no policy stamp", h => h.PolicyStamp = null);
        Header(make, book, "purpose-zero", "purpose 0 (PURPOSE_UNSPECIFIED)", h => h.Purpose = Purpose.Unspecified);
    }

    private static void Header(EnvelopeVectorMaker make, VectorBook book, string slug, string what, Action<InnerHeader> adjust)
    {
        var id = book.Next();
        make.Add(id, $"header-{slug}", $"a RETURN_PLAN whose signed inner header has {what}", ["WS-7-7"], [HeaderFormat],
            make.Seal(id, MessageType.ReturnPlan, adjust), ReasonCode.InvalidFormat);
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
