using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>The outcome of a local client certificate check.</summary>
/// <param name="Client">The local client, when accepted.</param>
/// <param name="Reason"><see cref="ReasonCode.Unspecified"/> when accepted.</param>
/// <param name="Detail">Why, for the server log.</param>
public sealed record LocalValidation(LocalClientId? Client, ReasonCode Reason, string Detail)
{
    /// <summary>Whether the certificate was accepted.</summary>
    public bool IsAccepted => Client is not null;
}
