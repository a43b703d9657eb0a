using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Certificates;

namespace CrossBorder.Core.Tests.Trust;

public sealed class CertificateRingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void During_a_rollover_new_messages_use_the_newest_active_certificate()
    {
        var old = Certificate("old", Now.AddMonths(-11), Now.AddMonths(1));
        var successor = Certificate("successor", Now.AddDays(-2), Now.AddYears(1));
        var ring = new CertificateRing([old, successor]);

        Assert.Same(successor, ring.Current(Now));
        Assert.Equal(2, ring.All.Count);
    }

    [Fact]
    public void A_successor_not_yet_valid_is_not_used_and_an_expired_one_never()
    {
        var current = Certificate("current", Now.AddMonths(-6), Now.AddMonths(6));
        var future = Certificate("future", Now.AddDays(3), Now.AddYears(1));
        var expired = Certificate("expired", Now.AddYears(-2), Now.AddDays(-1));
        var ring = new CertificateRing([expired, current, future]);

        Assert.Same(current, ring.Current(Now));
        Assert.Same(future, ring.Current(Now.AddDays(4)));
        Assert.Null(new CertificateRing([expired]).Current(Now));
    }

    private static X509Certificate2 Certificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificateBuilder.For($"CN={name}").Valid(notBefore, notAfter).Build().Certificate;
}
