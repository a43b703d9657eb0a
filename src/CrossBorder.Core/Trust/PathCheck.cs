using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>The outcome of a certificate check: accepted, or a reason code and a safe detail for the log.</summary>
/// <param name="Reason"><see cref="ReasonCode.Unspecified"/> when accepted.</param>
/// <param name="Detail">What failed, without key material or personal data.</param>
public sealed record PathCheck(ReasonCode Reason, string Detail)
{
    /// <summary>The accepted outcome.</summary>
    public static readonly PathCheck Accepted = new(ReasonCode.Unspecified, "accepted");

    /// <summary>Whether the certificate was accepted.</summary>
    public bool IsAccepted => Reason == ReasonCode.Unspecified;

    /// <summary>A refused check as the pipeline's <see cref="Delivery.Refusal"/>, its detail prefixed with what was checked; null when accepted.</summary>
    public Delivery.Refusal? ToRefusal(string? what = null) => IsAccepted ? null : new(Reason, what is null ? Detail : $"{what}: {Detail}");
}
