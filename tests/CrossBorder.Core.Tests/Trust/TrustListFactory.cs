using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>Operators and signed trust lists for lifecycle tests.</summary>
internal static class TrustListFactory
{
    public static X509Certificate2 NewOperator(string name = "Test Operator")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        return request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(2));
    }

    public static byte[] Sign(
        X509Certificate2 @operator, ulong sequence, DateTimeOffset issuedAt, TimeSpan validFor, X509Certificate2? nextOperator = null, string federation = "test")
    {
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = sequence,
            Federation = federation,
            IssuedAt = Timestamp.FromDateTimeOffset(issuedAt),
            NextUpdate = Timestamp.FromDateTimeOffset(issuedAt + validFor),
        };
        if (nextOperator is not null)
        {
            list.NextOperatorCertificate = ByteString.CopyFrom(nextOperator.RawData);
        }

        return TrustListCodec.Sign(list, @operator, TimeProvider.System);
    }
}

/// <summary>A trust state store that only remembers, like a file that survives a restart.</summary>
internal sealed class MemoryTrustStateStore : ITrustStateStore
{
    public TrustState? Saved { get; private set; }

    public int Saves { get; private set; }

    public TrustState? Load() => Saved;

    public void Save(TrustState state)
    {
        Saved = state;
        Saves++;
    }
}
