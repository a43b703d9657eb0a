using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Envelopes from the sender to the target, sealed with Core's sealing code: good ones exactly as
/// a sending gateway makes them, and bad ones whose header is adjusted before sealing, whose
/// content carries bytes the contract does not define, or whose signer or recipients differ.
/// Byte-level damage after sealing is <see cref="CmsMutations"/>'s job; CMS written off the
/// profile (refused algorithms, structure) is the forge's (<see cref="Forge"/>). Ids are random
/// unless <paramref name="newId"/> gives them, and pseudonyms are keyed by a random key unless
/// <paramref name="pseudonyms"/> gives one (the test vectors fix both, so that only the
/// cryptographic randomness differs between two runs).
/// </summary>
internal sealed class EnvelopeFactory(
    EnvelopeSender sender, ParticipantEntry target, TimeProvider time, Func<string>? newId = null, IPseudonymKeySource? pseudonyms = null)
{
    /// <summary>The message types the trust list lets the sender send to the target, in number order.</summary>
    public IReadOnlyList<MessageType> AllowedTypes { get; } = [.. System.Enum.GetValues<MessageType>()
        .Where(t => t != MessageType.Unspecified && ExchangeRules.Check(sender.Trust, sender.Participant, target.Id, t).IsAccepted)];

    /// <summary>The type of the cases that do not care which type they send: RETURN_PLAN when allowed, else the first allowed type.</summary>
    public MessageType? DefaultType => AllowedTypes.Contains(MessageType.ReturnPlan) ? MessageType.ReturnPlan : AllowedTypes.Count > 0 ? AllowedTypes[0] : null;

    public ParticipantId Target => target.Id;

    public EnvelopeSender Sender => sender;

    /// <summary>
    /// The default type if the reference policy lets its example through to the target, else the
    /// first allowed type whose example it lets through: for cases about the CMS layer, which do
    /// not care which type they carry. Null when there is none.
    /// </summary>
    public MessageType? SealableType
    {
        get
        {
            foreach (var type in AllowedTypes.OrderBy(t => t == DefaultType ? 0 : 1))
            {
                if (ExampleContent(type).Content is not null)
                {
                    return type;
                }
            }

            return null;
        }
    }

    /// <summary>A well-formed header from the sender to the target, one hour's lifetime.</summary>
    public InnerHeader Header(MessageType type, DateTimeOffset now) => new()
    {
        Route = new RouteHeader
        {
            MessageId = NewId(),
            ConversationId = NewId(),
            Sender = sender.Participant.ToString(),
            Recipient = target.Id.ToString(),
            MessageType = type,
            SchemaVersion = SchemaInfo.SchemaVersion,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(1)),
        },
        Purpose = ExamplePayloads.PurposeOf(type),
        LegalBasis = sender.LegalBasis,
    };

    /// <summary>
    /// Seals the type's example payload; <paramref name="adjust"/> may change the header before
    /// sealing, <paramref name="signer"/> and <paramref name="recipients"/> replace the sender's
    /// signing identity and the target's encryption certificates. Null with the reason when the
    /// reference policy refuses the example.
    /// </summary>
    public (SealedEnvelope? Envelope, string? Refused) Seal(
        MessageType type,
        Action<InnerHeader>? adjust = null,
        SigningIdentity? signer = null,
        IReadOnlyList<X509Certificate2>? recipients = null,
        DateTimeOffset? signingTime = null)
    {
        var (content, now, refused) = ExampleContent(type);
        if (content is null)
        {
            return (null, refused);
        }

        adjust?.Invoke(content.Header);
        return (EnvelopeSealer.Seal(content.Header, content.Payload, signer ?? sender.Signing, recipients ?? target.EncryptionCertificates, signingTime ?? now), null);
    }

    /// <summary>
    /// Seals an empty payload of <paramref name="type"/>, for cases the receiver must refuse on the
    /// routing header alone, before anything is opened (so the reference policy's view of the
    /// example does not matter).
    /// </summary>
    public SealedEnvelope SealBlank(MessageType type)
    {
        var now = time.GetUtcNow();
        var header = Header(type, now);
        header.PolicyStamp = new PolicyStamp { Id = "conformance", Version = "1", Sha256 = ByteString.CopyFrom(new byte[32]) };
        var payload = new CasePayload();
        var body = CasePayload.Descriptor.FindFieldByNumber((int)type) ?? throw new ArgumentOutOfRangeException(nameof(type), type, "no payload of this type");
        body.Accessor.SetValue(payload, body.MessageType.Parser.ParseFrom(ByteString.Empty));
        return EnvelopeSealer.Seal(header, payload, sender.Signing, target.EncryptionCertificates, now);
    }

    /// <summary>
    /// Seals content the sealer would refuse: the type's example with <paramref name="extra"/>
    /// (encoded fields) added to the signed content, padded to its size bucket as the contract asks.
    /// </summary>
    public (SealedEnvelope? Envelope, string? Refused) SealWithExtraContent(MessageType type, byte[] extra) =>
        SealContent(type, content => ContentPadding.Pad(content, extra));

    /// <summary>
    /// Seals the type's example signed content as <paramref name="encode"/> writes it (which may
    /// change the content first, and must pad it to the size bucket it records): the way to make
    /// content that only the receiver's contract checks can refuse.
    /// </summary>
    public (SealedEnvelope? Envelope, string? Refused) SealContent(MessageType type, Func<SealedContent, byte[]> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        var (content, now, refused) = ExampleContent(type);
        if (content is null)
        {
            return (null, refused);
        }

        var bytes = encode(content);
        var sealedBytes = CmsEnvelope.Seal(bytes, sender.Signing.Certificate, sender.Signing.Key, sender.Signing.Chain, target.EncryptionCertificates, now);
        return (new SealedEnvelope { Route = content.Header.Route.Clone(), Sealed = ByteString.CopyFrom(sealedBytes) }, null);
    }

    /// <summary>
    /// Seals the type's example content, padded as Core pads it, with the forge instead of Core's
    /// writers: off the profile where <paramref name="signed"/> or <paramref name="envelope"/> say
    /// so, exactly as Core seals where they keep their defaults. <paramref name="signer"/> and
    /// <paramref name="recipients"/> replace the sender's signing identity and the target's
    /// encryption certificates.
    /// </summary>
    public (SealedEnvelope? Envelope, string? Refused) Forge(
        MessageType type,
        SignedDataKnobs? signed = null,
        EnvelopeKnobs? envelope = null,
        SigningIdentity? signer = null,
        IReadOnlyList<X509Certificate2>? recipients = null)
    {
        var (content, now, refused) = ExampleContent(type);
        if (content is null)
        {
            return (null, refused);
        }

        var signing = signer ?? sender.Signing;
        var signedData = SignedDataForge.Write(EnvelopeSealer.Pad(content), signing, now, signed ?? SignedDataKnobs.Profile);
        var sealedBytes = EnvelopeForge.Write(signedData, recipients ?? target.EncryptionCertificates, signing.Certificate, envelope ?? EnvelopeKnobs.Profile);
        return (new SealedEnvelope { Route = content.Header.Route.Clone(), Sealed = ByteString.CopyFrom(sealedBytes) }, null);
    }

    private (SealedContent? Content, DateTimeOffset Now, string? Refused) ExampleContent(MessageType type)
    {
        var now = time.GetUtcNow();
        var sending = sender.Trust.Find(sender.Participant) ?? throw new InvalidOperationException("the sender is not in the trust list");
        var (payload, stamp, refused) = ExamplePayloads.Minimized(type, sending, target, now, pseudonyms);
        if (payload is null)
        {
            return (null, now, $"the reference policy refuses the example {ProtoEnumNames<MessageType>.Name(type)} ({refused})");
        }

        var header = Header(type, now);
        header.PolicyStamp = stamp;
        return (new SealedContent { Header = header, Payload = payload }, now, null);
    }

    private string NewId() => newId?.Invoke() ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
