namespace CrossBorder.Core.Delivery;

/// <summary>The limits a message's way is judged by, taken from the gateway's checked configuration.</summary>
/// <param name="MaxEnvelopeBytes">The largest encoded envelope accepted or sent.</param>
/// <param name="ClockSkew">Tolerated clock difference between participants.</param>
/// <param name="MaxMessageLifetime">The longest lifetime (created to expires) accepted from a sender.</param>
public sealed record DeliverySettings(int MaxEnvelopeBytes, TimeSpan ClockSkew, TimeSpan MaxMessageLifetime);
