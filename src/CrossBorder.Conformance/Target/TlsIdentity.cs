using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Conformance.Target;

/// <summary>A TLS client certificate with its private key and the chain presented with it.</summary>
internal sealed record TlsIdentity(X509Certificate2 Certificate, X509Certificate2Collection Chain) : IDisposable
{
    public void Dispose() => Certificate.Dispose();
}
