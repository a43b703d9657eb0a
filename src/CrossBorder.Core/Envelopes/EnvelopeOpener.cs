using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Opens a sealed envelope addressed to us and binds it to its clear routing header: the
/// recipient must be us, the signed inner header must equal the routing header field by field,
/// the signer must be the routing sender, and the payload must be of the routed type. This
/// stops redirection by a relay and surreptitious forwarding by a recipient.
/// </summary>
public sealed class EnvelopeOpener
{
    private readonly ParticipantId _self;
    private readonly Func<IReadOnlyList<RecipientKey>> _keys;
    private readonly ISignerValidator _validator;
    private readonly TimeProvider _time;
    private readonly TimeSpan _allowedSkew;
    private readonly int _maxEnvelopeBytes;

    /// <summary>Creates the opener of one gateway with one encryption key.</summary>
    public EnvelopeOpener(ParticipantId self, RecipientKey key, ISignerValidator validator, TimeProvider time, TimeSpan allowedSkew, int maxEnvelopeBytes)
        : this(self, [key], validator, time, allowedSkew, maxEnvelopeBytes)
    {
    }

    /// <summary>Creates the opener of one gateway with every key of its encryption certificate ring.</summary>
    public EnvelopeOpener(ParticipantId self, IReadOnlyList<RecipientKey> keys, ISignerValidator validator, TimeProvider time, TimeSpan allowedSkew, int maxEnvelopeBytes)
        : this(self, () => keys, validator, time, allowedSkew, maxEnvelopeBytes)
    {
    }

    /// <summary>
    /// Creates the opener of a gateway whose keys may change while it runs: <paramref name="keys"/> is
    /// asked for the keys in force at each envelope (a key ring snapshot), so a new encryption
    /// certificate is taken without a restart.
    /// </summary>
    public EnvelopeOpener(ParticipantId self, Func<IReadOnlyList<RecipientKey>> keys, ISignerValidator validator, TimeProvider time, TimeSpan allowedSkew, int maxEnvelopeBytes)
    {
        _self = self;
        _keys = keys;
        _validator = validator;
        _time = time;
        _allowedSkew = allowedSkew;
        _maxEnvelopeBytes = maxEnvelopeBytes;
    }

    /// <summary>Opens the encoded <see cref="SealedEnvelope"/>; throws <see cref="RejectedException"/> with a reason code.</summary>
    public OpenedEnvelope Open(ReadOnlyMemory<byte> encodedEnvelope)
    {
        if (encodedEnvelope.Length > _maxEnvelopeBytes)
        {
            throw Reject.TooLarge("envelope", _maxEnvelopeBytes);
        }

        SealedEnvelope envelope;
        try
        {
            envelope = SealedEnvelope.Parser.ParseFrom(encodedEnvelope.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Reject.Malformed("envelope");
        }

        // A newer peer's message type or schema version gets its own code (in Open below) before the strict check.
        var route = envelope.Route ?? throw Reject.Because(ReasonCode.Malformed, "envelope has no routing header");
        CheckVersionAndType(route);
        UnknownFields.Require(SealedEnvelope.Descriptor, encodedEnvelope.Span, "envelope");
        return Open(route, envelope.Sealed.Memory);
    }

    /// <summary>Opens sealed bytes under a routing header already parsed by the caller.</summary>
    public OpenedEnvelope Open(RouteHeader route, ReadOnlyMemory<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(route);
        CheckVersionAndType(route);

        if (route.Recipient != _self.ToString())
        {
            throw Mismatch("recipient");
        }

        return OpenRouted(route, sealedBytes);
    }

    /// <summary>
    /// Opens sealed bytes under a routing header whose recipient, message type and schema version the
    /// caller has already checked (the inbound pipeline's route check, which gives them their own
    /// codes): decrypt, verify, path, signing time, binding. Each is checked once on the way in.
    /// </summary>
    public OpenedEnvelope OpenRouted(RouteHeader route, ReadOnlyMemory<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(route);
        var opened = CmsEnvelope.Open(sealedBytes, _keys(), _validator, _time.GetUtcNow(), _maxEnvelopeBytes);
        if (opened.SigningTime > _time.GetUtcNow() + _allowedSkew)
        {
            throw Reject.Because(ReasonCode.Stale, "signing time is in the future beyond the allowed clock skew");
        }

        return Bind(route, opened);
    }

    /// <summary>
    /// Binds decrypted, verified CMS content to its clear routing header: zero padding, the signed
    /// header equal to the routing header field by field, the signer the routing sender, the payload
    /// of the routed type. Shared by opening on receipt and reading from the inbox.
    /// </summary>
    public static OpenedEnvelope Bind(RouteHeader route, OpenedCms opened)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(opened);
        var content = Parse(SealedContent.Parser, opened.Content, "signed content");
        if (content.Padding.Span.ContainsAnyExcept((byte)0))
        {
            // Padding is zeros by contract: anything else would be signed bytes riding outside the payload.
            throw Reject.Because(ReasonCode.Malformed, "signed content has padding that is not zeros");
        }

        var header = content.Header ?? throw Reject.Because(ReasonCode.Malformed, "signed content has no header");
        CheckBinding(route, header.Route, opened.Content.Length);

        var signer = SignerParticipant(opened);
        if (signer.ToString() != route.Sender)
        {
            throw Reject.Because(ReasonCode.SignerMismatch, $"signed by {signer}, routed as from another participant");
        }

        var payload = content.Payload ?? throw Reject.Because(ReasonCode.Malformed, "signed content has no payload");
        if ((int)payload.BodyCase != (int)route.MessageType)
        {
            throw Mismatch("message_type (payload)");
        }

        return new OpenedEnvelope(route, header, payload, signer, opened.Signer, opened.SigningTime);
    }

    private static void CheckVersionAndType(RouteHeader route)
    {
        if (route.SchemaVersion != SchemaInfo.SchemaVersion)
        {
            throw Reject.Because(ReasonCode.UnsupportedSchemaVersion, $"schema version {route.SchemaVersion} is not supported");
        }

        if (!Enum.IsDefined(route.MessageType) || route.MessageType == MessageType.Unspecified)
        {
            throw Reject.Because(ReasonCode.UnknownMessageType, $"message type {(int)route.MessageType} is unknown");
        }
    }

    private static void CheckBinding(RouteHeader outer, RouteHeader? inner, int contentLength)
    {
        if (inner is null)
        {
            throw Mismatch("route");
        }

        foreach (var field in RouteHeader.Descriptor.Fields.InFieldNumberOrder())
        {
            if (!Equals(field.Accessor.GetValue(outer), field.Accessor.GetValue(inner)))
            {
                throw Mismatch(field.Name);
            }
        }

        if (contentLength != inner.SizeBucket)
        {
            throw Mismatch("size_bucket");
        }
    }

    private static ParticipantId SignerParticipant(OpenedCms opened)
    {
        return ParticipantId.TryFromCertificate(opened.Signer, out var id)
            ? id
            : throw Reject.Because(ReasonCode.SignerMismatch, "signer certificate does not name exactly one participant");
    }

    private static RejectedException Mismatch(string field) =>
        Reject.Because(ReasonCode.HeaderMismatch, $"signed header and routing header differ in {field}");

    private static T Parse<T>(MessageParser<T> parser, ReadOnlyMemory<byte> bytes, string what)
        where T : IMessage<T> => UnknownFields.ParseStrict(parser, bytes.Span, what);
}
