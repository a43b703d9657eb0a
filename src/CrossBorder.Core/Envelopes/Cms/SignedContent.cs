using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>A verified SignedData: the content (a slice of the input), the signer and the embedded certificates.</summary>
internal sealed record SignedContent(
    ReadOnlyMemory<byte> Content,
    X509Certificate2 Signer,
    X509Certificate2Collection Certificates,
    DateTimeOffset SigningTime);
