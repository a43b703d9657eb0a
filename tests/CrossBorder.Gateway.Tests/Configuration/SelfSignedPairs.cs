using CrossBorder.Core.Certificates;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>Self-signed certificates with their keys written into a test's folder, for the file checkers' tests.</summary>
internal static class SelfSignedPairs
{
    /// <summary><c>name.crt</c> and <c>name.key</c> in <paramref name="directory"/>, named relative to it as a config names them.</summary>
    public static ConfigFiles Write(TempDirectory directory, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var made = Build(name, notBefore, notAfter);
        CertificateFiles.WriteCertificates(directory.File($"{name}.crt"), made.Certificate);
        KeyFiles.WritePrivateKey(directory.File($"{name}.key"), made.Key);
        return new ConfigFiles { Certificate = $"{name}.crt", Key = $"{name}.key" };
    }

    public static TestCertificate Build(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificateBuilder.For($"CN={name}").Valid(notBefore, notAfter).Build();
}
