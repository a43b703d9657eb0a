using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Peers;

/// <summary>What the client learnt about the server during the last TLS handshake.</summary>
internal sealed class ServerIdentity
{
    public PeerValidation? Last { get; set; }
}
