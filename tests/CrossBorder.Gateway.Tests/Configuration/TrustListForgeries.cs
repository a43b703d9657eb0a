using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>Trust lists that are not exactly what the pinned federation operator signed.</summary>
internal static class TrustListForgeries
{
    /// <summary>The list with the last byte of its signature value flipped; everything else as signed.</summary>
    public static byte[] TamperedSignature(byte[] signedList)
    {
        var signed = new SignedCms();
        signed.Decode(signedList);
        var signature = signed.SignerInfos[0].GetSignature();
        var at = signedList.AsSpan().LastIndexOf(signature);
        Assert.True(at > 0, "signature value not found in the encoded trust list");

        var tampered = (byte[])signedList.Clone();
        tampered[at + signature.Length - 1] ^= 0x01;
        return tampered;
    }

    /// <summary>The same list content, signed by a federation operator nobody pinned.</summary>
    public static byte[] SignedByAnotherOperator(byte[] signedList)
    {
        var signed = new SignedCms();
        signed.Decode(signedList);
        var list = TrustList.Parser.ParseFrom(signed.ContentInfo.Content);

        var now = TimeProvider.System.GetUtcNow();
        using var impostor = TestCertificateBuilder.For("CN=CrossBorder Dev Federation Operator, O=CrossBorder Dev Federation")
            .KeyUsage(X509KeyUsageFlags.DigitalSignature)
            .Valid(now.AddMinutes(-5), now.AddYears(1))
            .Build();
        return TrustListCodec.Sign(list, impostor.Certificate, TimeProvider.System);
    }
}
