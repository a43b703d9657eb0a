using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.KeyRings;

namespace CrossBorder.Core.Tests.KeyRings;

public sealed class KeyRingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void During_a_rollover_new_messages_use_the_newest_active_certificate()
    {
        var old = Certificate("old", Now.AddMonths(-11), Now.AddMonths(1));
        var successor = Certificate("successor", Now.AddDays(-2), Now.AddYears(1));
        var ring = Ring(old, successor);

        Assert.Same(successor, ring.Current(Now));
        Assert.Equal(2, ring.Certificates.Count);
    }

    [Fact]
    public void A_successor_not_yet_valid_is_not_used_and_an_expired_one_never()
    {
        var current = Certificate("current", Now.AddMonths(-6), Now.AddMonths(6));
        var future = Certificate("future", Now.AddDays(3), Now.AddYears(1));
        var expired = Certificate("expired", Now.AddYears(-2), Now.AddDays(-1));
        var ring = Ring(expired, current, future);

        Assert.Same(current, ring.Current(Now));
        Assert.Same(future, ring.Current(Now.AddDays(4)));
        Assert.Null(Ring(expired).Current(Now));
    }

    [Fact]
    public void A_certificate_placed_to_take_over_later_is_the_successor_of_the_one_in_use()
    {
        var current = Certificate("current", Now.AddMonths(-11), Now.AddDays(10));
        var future = Certificate("future", Now.AddDays(3), Now.AddYears(1));
        var ring = Ring(current, future);

        Assert.Same(current, ring.Current(Now));
        Assert.Same(future, ring.SuccessorOf(current, Now));
        Assert.True(ring.HasSuccessor(Now));
        Assert.Null(ring.SuccessorOf(future, Now));
    }

    [Fact]
    public void An_expired_or_shorter_lived_certificate_is_no_successor()
    {
        var current = Certificate("current", Now.AddMonths(-11), Now.AddDays(10));
        var expired = Certificate("expired", Now.AddYears(-2), Now.AddDays(-1));
        var shorter = Certificate("shorter", Now.AddDays(-1), Now.AddDays(5));

        Assert.False(Ring(current, expired).HasSuccessor(Now));
        Assert.Null(Ring(current, expired).SuccessorOf(current, Now));
        Assert.Same(shorter, Ring(current, shorter).Current(Now));
        Assert.True(Ring(current, shorter).HasSuccessor(Now)); // the current one (shorter) is followed by the longer-lived one
        Assert.Null(Ring(current, shorter).SuccessorOf(current, Now));
        Assert.False(Ring(expired).HasSuccessor(Now));
    }

    [Fact]
    public void A_ring_refuses_a_certificate_without_its_private_key()
    {
        using var withKey = Certificate("with-key", Now.AddDays(-1), Now.AddDays(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);

        Assert.Throws<ArgumentException>(() => new KeyRing([publicOnly], []));
        Assert.Throws<ArgumentException>(() => new KeyRing([], []));
    }

    private static KeyRing Ring(params X509Certificate2[] certificates) => new(certificates, []);

    private static X509Certificate2 Certificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificateBuilder.For($"CN={name}").EcKey().Valid(notBefore, notAfter).Build().TakeCertificate();
}
