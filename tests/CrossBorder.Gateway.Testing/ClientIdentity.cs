using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Gateway.Testing;

/// <summary>A TLS client certificate with its private key and the intermediates it presents.</summary>
internal sealed class ClientIdentity(X509Certificate2 certificate, X509Certificate2Collection chain) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection Chain { get; } = chain;

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}
