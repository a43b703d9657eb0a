using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// What the inbound pipeline answers for one delivery. Refusals of bytes not yet authenticated are
/// <see cref="Refused"/> (the peer face answers a gRPC error with the reason code); an authenticated
/// envelope is always answered a signed <see cref="Receipted"/>; <see cref="Unsignable"/> is this
/// gateway's own failure to sign (the sender is told UNAVAILABLE and retries).
/// </summary>
public abstract record InboundAnswer
{
    private InboundAnswer()
    {
    }

    /// <summary>Unauthenticated bytes refused.</summary>
    /// <param name="Refusal">Why.</param>
    /// <param name="WhileOpening">True when opening refused the envelope (its route had passed the checks).</param>
    /// <param name="Route">The routing header, when the refusal came at opening.</param>
    /// <param name="SealedSha256">The SHA-256 of the sealed bytes, when the refusal came at opening.</param>
    public sealed record Refused(Refusal Refusal, bool WhileOpening = false, RouteHeader? Route = null, byte[]? SealedSha256 = null) : InboundAnswer;

    /// <summary>A signed receipt to answer.</summary>
    /// <param name="Route">The routing header.</param>
    /// <param name="SignedReceipt">The receipt.</param>
    /// <param name="Kind">How it was answered.</param>
    /// <param name="Rejection">Why it was rejected, for <see cref="InboundAnswerKind.Rejected"/>.</param>
    public sealed record Receipted(RouteHeader Route, byte[] SignedReceipt, InboundAnswerKind Kind, Refusal? Rejection = null) : InboundAnswer;

    /// <summary>This gateway could not sign the receipt.</summary>
    /// <param name="Route">The routing header.</param>
    /// <param name="Refusal">Why signing failed (EXPIRED when no signing certificate is valid).</param>
    public sealed record Unsignable(RouteHeader Route, Refusal Refusal) : InboundAnswer;
}
