using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Errors;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// The statement a refusal of the inbound pipeline says the sender broke, when none of the
/// sender's own checks explains it already: by the code and the stage that refused (section 12.3).
/// Transient codes (the responder's own state, section 12.6) and the inbound policy's judgement
/// are no fault of the sender's and cite nothing.
/// </summary>
internal static class RefusalRequirement
{
    /// <summary>Where in the order of checks a refusal came.</summary>
    public enum Stage
    {
        /// <summary>The call itself (DeliverRequest), before the envelope is read.</summary>
        Request,

        /// <summary>The envelope's size or encoding, before a routing header was read.</summary>
        Envelope,

        /// <summary>The routing header's checks and the strict envelope.</summary>
        Route,

        /// <summary>Opening: decryption, signature, signer's path, signing time, binding.</summary>
        Opening,

        /// <summary>A signed REJECTED receipt about an authenticated envelope.</summary>
        Receipt,
    }

    public static VerdictCheck? For(Stage stage, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var requirement = Requirement(stage, refusal);
        return requirement?.Fail($"refused {refusal.Reason.Name()}: {refusal.Detail}");
    }

    private static SenderRequirement? Requirement(Stage stage, Refusal refusal) => (stage, refusal.Reason) switch
    {
        (_, ReasonCode.Unavailable or ReasonCode.TrustListStale or ReasonCode.RevocationUnknown or ReasonCode.RateLimited) => null,
        (_, ReasonCode.PolicyRefused) => null,
        (Stage.Request, ReasonCode.UnknownField) => SenderRequirement.RequestFields,
        (_, ReasonCode.TooLarge) => SenderRequirement.EnvelopeLimit,
        (Stage.Envelope, _) => SenderRequirement.Envelope,
        (Stage.Route, ReasonCode.Malformed) => SenderRequirement.RouteForm,
        (Stage.Route, ReasonCode.UnknownMessageType) => SenderRequirement.MessageType,
        (Stage.Route, ReasonCode.UnsupportedSchemaVersion) => SenderRequirement.SchemaVersion,
        (Stage.Route, ReasonCode.UnknownField) => SenderRequirement.EnvelopeFields,
        (Stage.Route, _) => SenderRequirement.ExchangeRules,
        (Stage.Opening, ReasonCode.Malformed) => refusal.Detail.StartsWith("signed content", StringComparison.Ordinal)
            ? refusal.Detail.EndsWith("not well-formed", StringComparison.Ordinal) ? SenderRequirement.NotProtobuf : SenderRequirement.Content
            : SenderRequirement.StrictDer,
        (Stage.Opening, ReasonCode.AlgRefused) => SenderRequirement.ContentEncryption,
        (Stage.Opening, ReasonCode.NotARecipient) => SenderRequirement.EveryRecipient,
        (Stage.Opening, ReasonCode.DecryptFailed) => SenderRequirement.Decryptable,
        (Stage.Opening, ReasonCode.BadSignature) => SenderRequirement.Signature,
        (Stage.Opening, ReasonCode.PathLimit) => SenderRequirement.EmbeddedCertificates,
        (Stage.Opening, ReasonCode.Stale) => SenderRequirement.FutureSigningTime,
        (Stage.Opening, ReasonCode.UnknownField) => SenderRequirement.ContentFields,
        (Stage.Opening, ReasonCode.SignerMismatch) => SenderRequirement.Signer,
        (Stage.Opening, ReasonCode.HeaderMismatch) => refusal.Detail.EndsWith("size_bucket", StringComparison.Ordinal) ? SenderRequirement.BucketLength
            : refusal.Detail.EndsWith("(payload)", StringComparison.Ordinal) ? SenderRequirement.PayloadType
            : SenderRequirement.Binding,
        (Stage.Opening, _) => SenderRequirement.SignerPath,
        (Stage.Receipt, ReasonCode.IdConflict) => SenderRequirement.IdConflict,
        (Stage.Receipt, ReasonCode.Stale) => refusal.Detail.Contains("future", StringComparison.Ordinal) ? SenderRequirement.FutureCreation
            : refusal.Detail.Contains("expired", StringComparison.Ordinal) ? SenderRequirement.Expired
            : SenderRequirement.LifetimeBounds,
        (Stage.Receipt, _) => SenderRequirement.PayloadFormat,
        _ => null,
    };
}
