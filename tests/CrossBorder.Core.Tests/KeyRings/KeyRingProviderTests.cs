using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Tests.KeyRings;

public sealed class KeyRingProviderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly X509Certificate2 _first = Certificate("first", Now.AddMonths(-6), Now.AddDays(20));
    private readonly X509Certificate2 _second = Certificate("second", Now.AddDays(-1), Now.AddYears(1));
    private readonly X509Certificate2 _encryption = Certificate("encryption", Now.AddMonths(-6), Now.AddYears(1));
    private readonly ScriptedSource _source = new();
    private readonly RecordingLogger _log = new();

    public KeyRingProviderTests() => _source.Rings = Set(_first);

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _encryption.Dispose();
    }

    [Fact]
    public void New_keys_are_taken_when_the_source_changes_and_not_before()
    {
        using var provider = new KeyRingProvider(_source, _log);
        _source.Rings = Set(_first, _second);

        Assert.False(provider.Refresh()); // same version: nothing is loaded
        Assert.Equal(_first.Thumbprint, provider.SigningIdentity(Now).Certificate.Thumbprint);

        _source.Version = "2";
        Assert.True(provider.Refresh());
        Assert.Equal(_second.Thumbprint, provider.SigningIdentity(Now).Certificate.Thumbprint);
        Assert.True(provider.Rings.Signing.HasSuccessor(Now.AddDays(-2)));
        Assert.Equal(_encryption.Thumbprint, Assert.Single(provider.DecryptionKeys).Certificate.Thumbprint);
    }

    [Fact]
    public void Keys_that_cannot_be_loaded_leave_the_rings_in_force_and_are_reported_once()
    {
        using var provider = new KeyRingProvider(_source, _log);
        var before = provider.Rings;
        _source.Broken = "signing.crt with signing.key: the private key does not belong to the certificate";
        _source.Version = "2";

        Assert.False(provider.Refresh());
        Assert.False(provider.Refresh());

        Assert.Same(before, provider.Rings);
        Assert.Equal(_first.Thumbprint, provider.SigningIdentity(Now).Certificate.Thumbprint);
        var refused = Assert.Single(_log.Events, e => e.Id == 4002);
        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Contains("does not belong to the certificate", refused.Text, StringComparison.Ordinal);

        _source.Broken = null;
        _source.Rings = Set(_first, _second);
        _source.Version = "3";
        Assert.True(provider.Refresh());
        Assert.Equal(_second.Thumbprint, provider.SigningIdentity(Now).Certificate.Thumbprint);
    }

    [Fact]
    public void Without_a_valid_signing_certificate_signing_is_refused_as_expired()
    {
        using var provider = new KeyRingProvider(_source, _log);

        var refused = Assert.Throws<RejectedException>(() => provider.SigningIdentity(Now.AddDays(30)));

        Assert.Equal(ReasonCode.Expired, refused.Reason);
    }

    [Fact]
    public void The_same_certificate_keeps_its_key_object_across_reloads()
    {
        using var provider = new KeyRingProvider(_source, _log);
        var before = provider.SigningIdentity(Now);
        var decryptBefore = provider.DecryptionKeys[0];
        _source.Version = "2";

        Assert.True(provider.Refresh());

        Assert.Same(before, provider.SigningIdentity(Now));
        Assert.Same(decryptBefore, provider.DecryptionKeys[0]);
    }

    [Fact]
    public void A_new_encryption_certificate_is_taken_on_refresh_and_the_old_one_still_opens()
    {
        using var successor = Certificate("encryption-2", Now.AddDays(-1), Now.AddYears(2));
        using var provider = new KeyRingProvider(_source, _log);
        Func<IReadOnlyList<CrossBorder.Core.Envelopes.Cms.RecipientKey>> keysInForce = () => provider.DecryptionKeys;
        Assert.Equal([_encryption.Thumbprint], keysInForce().Select(k => k.Certificate.Thumbprint));

        _source.Rings = new KeyRingSet(new KeyRing([_first], []), new KeyRing([_encryption, successor], []));
        _source.Version = "2";

        // What an opener asks for at its next envelope: both keys, without a restart.
        Assert.True(provider.Refresh());
        Assert.Equal(
            new[] { _encryption.Thumbprint, successor.Thumbprint }.Order(StringComparer.Ordinal),
            keysInForce().Select(k => k.Certificate.Thumbprint).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_encryption_key_replaced_outright_is_refused_for_new_deliveries_and_kept_for_reading_the_inbox()
    {
        using var successor = Certificate("encryption-2", Now.AddDays(-1), Now.AddYears(2));
        using var provider = new KeyRingProvider(_source, _log);
        Assert.Equal([_encryption.Thumbprint], provider.StoredMessageKeys.Select(k => k.Certificate.Thumbprint));

        // The operator writes the new pair over the only configured one.
        _source.Rings = new KeyRingSet(new KeyRing([_first], []), new KeyRing([successor], []));
        _source.Version = "2";
        Assert.True(provider.Refresh());

        Assert.Equal([successor.Thumbprint], provider.DecryptionKeys.Select(k => k.Certificate.Thumbprint));
        Assert.Equal([successor.Thumbprint, _encryption.Thumbprint], provider.StoredMessageKeys.Select(k => k.Certificate.Thumbprint));
        var retired = Assert.Single(_log.Events, e => e.Id == 4003);
        Assert.Equal(LogLevel.Warning, retired.Level);
        Assert.Contains(_encryption.Thumbprint, retired.Text, StringComparison.Ordinal);

        // A later reload that does not change the encryption ring does not warn again.
        _source.Rings = new KeyRingSet(new KeyRing([_first, _second], []), new KeyRing([successor], []));
        _source.Version = "3";
        Assert.True(provider.Refresh());
        Assert.Single(_log.Events, e => e.Id == 4003);
        Assert.Equal(2, provider.StoredMessageKeys.Count);
    }

    private KeyRingSet Set(params X509Certificate2[] signing) => new(new KeyRing(signing, []), new KeyRing([_encryption], []));

    private static X509Certificate2 Certificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificateBuilder.For($"CN={name}").EcKey().Valid(notBefore, notAfter).Build().TakeCertificate();

    private sealed class ScriptedSource : IKeySource
    {
        public string Version { get; set; } = "1";

        public KeyRingSet? Rings { get; set; }

        public string? Broken { get; set; }

        string IKeySource.Version() => Version;

        public KeyRingSet Load() => Broken is null ? Rings! : throw new KeySourceException(Broken);
    }

    private sealed class RecordingLogger : ILogger<KeyRingProvider>
    {
        public List<(int Id, LogLevel Level, string Text)> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Add((eventId.Id, logLevel, formatter(state, exception)));
    }
}
