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
        var now = TimeProvider.System.GetUtcNow();
        return TestCertificateBuilder.For($"CN={name}")
            .KeyUsage(X509KeyUsageFlags.DigitalSignature)
            .Valid(now.AddDays(-1), now.AddYears(2))
            .Build().Certificate;
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
