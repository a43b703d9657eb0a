using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The expiry warning of an own certificate says whether a successor is in place, and is only information when one is.</summary>
public sealed class CertificateExpirySuccessorTests : IDisposable
{
    private const int ExpiryInformation = 1003;
    private const int ExpiresSoonWarning = 1004;
    private const int ExpiresWithSuccessor = 1009;

    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private readonly X509Certificate2 _tls = Certificate("tls", Now.AddDays(-1), Now.AddYears(1));
    private readonly X509Certificate2 _expiring = Certificate("expiring", Now.AddYears(-1), Now.AddDays(10));
    private readonly X509Certificate2 _successor = Certificate("successor", Now.AddDays(-1), Now.AddYears(1));
    private readonly X509Certificate2 _encryption = Certificate("encryption", Now.AddDays(-1), Now.AddYears(1));

    public void Dispose()
    {
        _tls.Dispose();
        _expiring.Dispose();
        _successor.Dispose();
        _encryption.Dispose();
    }

    [Fact]
    public void A_signing_certificate_near_expiry_without_a_successor_is_a_warning_with_successor_false()
    {
        var log = new LogCapture();
        using var rings = Rings(_expiring);
        var monitor = Monitor(rings);

        monitor.LogOwn(log.CreateLogger("test"));

        var warning = Assert.Single(log.WithEventId(ExpiresSoonWarning));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("signing certificate expires in 9 days (successor=false)", warning.Message, StringComparison.Ordinal);
        Assert.Empty(log.WithEventId(ExpiresWithSuccessor));
        Assert.Contains(monitor.Report(), r => r is { Owner: "self", Use: "signing", Successor: false } && r.Days < 10);
    }

    [Fact]
    public void A_signing_certificate_near_expiry_with_a_successor_in_place_is_information_with_successor_true()
    {
        var log = new LogCapture();
        using var rings = Rings(_expiring, _successor);
        var monitor = Monitor(rings);

        monitor.LogOwn(log.CreateLogger("test"));

        Assert.Empty(log.WithEventId(ExpiresSoonWarning));
        var information = Assert.Single(log.WithEventId(ExpiresWithSuccessor));
        Assert.Equal(LogLevel.Information, information.Level);
        Assert.Contains("signing certificate expires in 9 days (successor=true)", information.Message, StringComparison.Ordinal);
        Assert.Contains(log.WithEventId(ExpiryInformation), e => e.Message.Contains("signing-rollover-1 certificate expires in", StringComparison.Ordinal));
        Assert.Contains(monitor.Report(), r => r is { Owner: "self", Use: "signing", Successor: true });
        Assert.Contains(monitor.Report(), r => r is { Owner: "self", Use: "signing-rollover-1", Successor: false } && r.Days > 300);
    }

    private CertificateExpiryMonitor Monitor(KeyRingProvider rings) =>
        new(ParticipantId.Parse("AL/NCP"), _tls, _tls, rings, TestMetrics.Create(), TimeProvider.System);

    private KeyRingProvider Rings(params X509Certificate2[] signing) =>
        new(new FixedSource(new KeyRingSet(new KeyRing(signing, []), new KeyRing([_encryption], []))), NullLogger<KeyRingProvider>.Instance);

    private static X509Certificate2 Certificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificateBuilder.For($"CN={name}").EcKey().Valid(notBefore, notAfter).Build().TakeCertificate();

    private sealed class FixedSource(KeyRingSet rings) : IKeySource
    {
        public string Version() => "1";

        public KeyRingSet Load() => rings;
    }
}
