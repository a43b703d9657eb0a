namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>The stable event ids of the gateway's log (GatewayLog) that tests look for.</summary>
internal static class GatewayEvents
{
    public const int PeerCertificateRefused = 1101;
    public const int LocalCertificateRefused = 1102;
    public const int HandshakeTooLarge = 1104;
    public const int PingAnswered = 1201;
}
