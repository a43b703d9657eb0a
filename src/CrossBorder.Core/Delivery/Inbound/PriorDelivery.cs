using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>What the inbox already holds under a delivery's (sender, message id).</summary>
/// <param name="Existing">The stored message; null on a first delivery.</param>
/// <param name="SameBytes">True when the stored message has exactly these sealed bytes.</param>
/// <param name="SameRoute">True when it was stored under exactly this routing header too.</param>
public sealed record PriorDelivery(InboundRecord? Existing, bool SameBytes, bool SameRoute)
{
    /// <summary>
    /// A repeat under the same routing header: answered the stored receipt without opening. Any
    /// other header goes through the first delivery's checks, whose binding of the signed header
    /// to the routing header refuses it (HEADER_MISMATCH).
    /// </summary>
    public bool AnswerWithoutOpening => SameBytes && SameRoute;

    /// <summary>Null for a first delivery or a repeat; ID_CONFLICT when other bytes were received under this id.</summary>
    public Refusal? Conflict => Existing is not null && !SameBytes
        ? new Refusal(ReasonCode.IdConflict, "a different message was already received under this id")
        : null;

    /// <summary>Compares a stored message with a delivery's digests, in constant time.</summary>
    public static PriorDelivery Of(InboundRecord? existing, ReadOnlySpan<byte> sealedSha256, ReadOnlySpan<byte> routeSha256)
    {
        if (existing is null)
        {
            return new PriorDelivery(null, false, false);
        }

        var sameBytes = CryptographicOperations.FixedTimeEquals(existing.SealedSha256, sealedSha256);
        var sameRoute = existing.RouteSha256 is { } stored && CryptographicOperations.FixedTimeEquals(stored, routeSha256);
        return new PriorDelivery(existing, sameBytes, sameBytes && sameRoute);
    }
}
