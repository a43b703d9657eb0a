namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// The largest sealed envelope the gateway accepts, sends or hands out in one inbox batch; one
/// value so that what one face accepts the other can pass on.
/// </summary>
/// <param name="MaxBytes">The limit in bytes.</param>
internal sealed record EnvelopeSize(int MaxBytes);
