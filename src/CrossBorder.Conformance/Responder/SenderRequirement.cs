namespace CrossBorder.Conformance.Responder;

/// <summary>
/// A statement of the wire spec a verdict check cites, with its section and level as
/// docs/conformance/requirements.tsv lists them (a test holds every one to that file).
/// </summary>
internal sealed record SenderRequirement(string Id, int Section, string Level)
{
    public static readonly SenderRequirement MessageId = Must("WS-1-2", 1);
    public static readonly SenderRequirement ConversationId = Must("WS-1-4", 1);
    public static readonly SenderRequirement RequestFields = Must("WS-2-10", 2);
    public static readonly SenderRequirement SealOnce = Must("WS-2-11", 2);
    public static readonly SenderRequirement TruthfulRoute = Must("WS-4-1", 4);
    public static readonly SenderRequirement Envelope = Must("WS-4-2", 4);
    public static readonly SenderRequirement RouteForm = Must("WS-4-5", 4);
    public static readonly SenderRequirement MessageType = Must("WS-4-6", 4);
    public static readonly SenderRequirement SchemaVersion = Must("WS-4-7", 4);
    public static readonly SenderRequirement ExchangeRules = Must("WS-4-8", 4);
    public static readonly SenderRequirement EnvelopeFields = Must("WS-4-10", 4);
    public static readonly SenderRequirement StrictDer = Must("WS-5-2", 5);
    public static readonly SenderRequirement ContentEncryption = Must("WS-5-6", 5);
    public static readonly SenderRequirement FreshKeyAndNonce = Must("WS-5-7", 5);
    public static readonly SenderRequirement EveryRecipient = Must("WS-5-8", 5);
    public static readonly SenderRequirement Decryptable = Must("WS-5-13", 5);
    public static readonly SenderRequirement EmbeddedCertificates = Must("WS-5-15", 5);
    public static readonly SenderRequirement Signature = Must("WS-5-19", 5);
    public static readonly SenderRequirement SignerPath = Must("WS-5-20", 5);
    public static readonly SenderRequirement SmallestBucket = Must("WS-5-21", 5);
    public static readonly SenderRequirement InnerHeader = Must("WS-6-1", 6);
    public static readonly SenderRequirement Binding = Must("WS-6-2", 6);
    public static readonly SenderRequirement BucketLength = Must("WS-6-3", 6);
    public static readonly SenderRequirement Signer = Must("WS-6-4", 6);
    public static readonly SenderRequirement PayloadType = Must("WS-6-5", 6);
    public static readonly SenderRequirement Content = Must("WS-7-1", 7);
    public static readonly SenderRequirement ContentFields = Must("WS-7-2", 7);
    public static readonly SenderRequirement NotProtobuf = Must("WS-7-3", 7);
    public static readonly SenderRequirement SingularOnce = Must("WS-7-4", 7);
    public static readonly SenderRequirement PayloadFormat = Must("WS-7-5", 7);
    public static readonly SenderRequirement FutureSigningTime = Must("WS-8-1", 8);
    public static readonly SenderRequirement SigningTime = Must("WS-8-2", 8);
    public static readonly SenderRequirement FutureCreation = Must("WS-8-3", 8);
    public static readonly SenderRequirement Expired = Must("WS-8-4", 8);
    public static readonly SenderRequirement LifetimeBounds = Must("WS-8-5", 8);
    public static readonly SenderRequirement Lifetime = Must("WS-8-6", 8);
    public static readonly SenderRequirement EnvelopeLimit = Must("WS-9-1", 9);
    public static readonly SenderRequirement IdConflict = Must("WS-10-3", 10);
    public static readonly SenderRequirement NoRetryAfterPermanent = Must("WS-12-13", 12);

    /// <summary>Every requirement a check may cite.</summary>
    public static IReadOnlyList<SenderRequirement> All { get; } =
    [
        MessageId, ConversationId, RequestFields, SealOnce, TruthfulRoute, Envelope, RouteForm, MessageType, SchemaVersion, ExchangeRules,
        EnvelopeFields, StrictDer, ContentEncryption, FreshKeyAndNonce, EveryRecipient, Decryptable, EmbeddedCertificates, Signature,
        SignerPath, SmallestBucket, InnerHeader, Binding, BucketLength, Signer, PayloadType, Content, ContentFields, NotProtobuf,
        SingularOnce, PayloadFormat, FutureSigningTime, SigningTime, FutureCreation, Expired, LifetimeBounds, Lifetime, EnvelopeLimit,
        IdConflict, NoRetryAfterPermanent,
    ];

    public VerdictCheck Pass(string what) => new(Id, Section, Level, VerdictCheck.Passed, what);

    public VerdictCheck Fail(string what) => new(Id, Section, Level, VerdictCheck.Failed, what);

    public VerdictCheck Judge(bool passed, string passedWhat, string failedWhat) => passed ? Pass(passedWhat) : Fail(failedWhat);

    private static SenderRequirement Must(string id, int section) => new(id, section, "MUST");
}
