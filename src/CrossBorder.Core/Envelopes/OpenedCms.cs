using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes;

/// <summary>An opened, verified envelope.</summary>
/// <param name="Content">The signed content.</param>
/// <param name="Signer">The signer's certificate, validated; shared with a parse cache, so do not dispose it.</param>
/// <param name="SigningTime">The signed signing-time attribute.</param>
public sealed record OpenedCms(ReadOnlyMemory<byte> Content, X509Certificate2 Signer, DateTimeOffset SigningTime);
