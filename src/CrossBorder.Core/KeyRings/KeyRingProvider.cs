using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.KeyRings;

/// <summary>
/// The key rings in force: an immutable snapshot taken from an <see cref="IKeySource"/>, replaced
/// whole when the source's version changes (<see cref="Refresh"/>, called on the reload tick), so a
/// new signing or encryption certificate is used without a restart. Keys that cannot be loaded leave
/// the rings in force and are logged once per version. The key objects (signing keys, decryption
/// keys) are made once per certificate and kept until the provider is disposed at stop: a message
/// being signed or opened may still hold one after a reload, and their number is bounded by the
/// certificates ever configured, not by the reloads.
/// </summary>
public sealed class KeyRingProvider : IKeyRings, IDisposable
{
    private readonly IKeySource _source;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SigningIdentity> _identities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecipientKey> _decryption = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile Snapshot _current;
    private string _version;

    /// <summary>Loads the rings once; a source that cannot load throws <see cref="KeySourceException"/> (the gateway does not start).</summary>
    public KeyRingProvider(IKeySource source, ILogger<KeyRingProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _logger = logger;
        _version = source.Version();
        _current = Take(source.Load());
    }

    /// <summary>The rings in force.</summary>
    public KeyRingSet Rings => _current.Rings;

    /// <inheritdoc />
    public IReadOnlyList<RecipientKey> DecryptionKeys => _current.DecryptionKeys;

    /// <inheritdoc />
    public IReadOnlyList<RecipientKey> StoredMessageKeys => _current.StoredMessageKeys;

    /// <inheritdoc />
    public SigningIdentity SigningIdentity(DateTimeOffset now)
    {
        var ring = _current.Rings.Signing;
        var certificate = ring.Current(now)
            ?? throw Reject.Because(ReasonCode.Expired, "no signing certificate of this gateway is valid now");
        return _identities.GetOrAdd(certificate.Thumbprint, _ => new SigningIdentity(certificate, SigningKey(certificate), ring.Chain));
    }

    /// <summary>Takes new rings when the source changed; true when new rings are in force.</summary>
    public bool Refresh()
    {
        lock (_gate)
        {
            var version = _source.Version();
            if (version == _version)
            {
                return false;
            }

            // Remembered even when the load fails: a broken file is reported once, and the next
            // write to it (a fix) changes the version again.
            _version = version;
            try
            {
                _current = Take(_source.Load());
                return true;
            }
            catch (KeySourceException ex)
            {
                KeyRingLog.ReloadRefused(_logger, ex.Message);
                return false;
            }
        }
    }

    /// <summary>Disposes every key object made, and the source when it is disposable (the provider owns it); called when the gateway stops.</summary>
    public void Dispose()
    {
        (_source as IDisposable)?.Dispose();
        foreach (var identity in _identities.Values)
        {
            identity.Key.Dispose();
        }

        foreach (var key in _decryption.Values)
        {
            key.Dispose();
        }

        _identities.Clear();
        _decryption.Clear();
    }

    private Snapshot Take(KeyRingSet rings)
    {
        var decryption = rings.Encryption.Certificates
            .Select(c => _decryption.GetOrAdd(c.Thumbprint, _ => RecipientKey.FromCertificate(c)))
            .ToList();
        KeyRingLog.InForce(_logger, Thumbprints(rings.Signing), Thumbprints(rings.Encryption));

        // Keys that left the ring stay for reading what was accepted under them, until the stop.
        var inForce = rings.Encryption.Certificates.Select(c => c.Thumbprint).ToHashSet(StringComparer.Ordinal);
        var retired = _decryption.Where(k => !inForce.Contains(k.Key)).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        // Null only while the constructor takes the first rings.
        IReadOnlyList<RecipientKey> before = (Snapshot?)_current is { } previous ? previous.DecryptionKeys : [];
        foreach (var (thumbprint, _) in retired.Where(k => before.Contains(k.Value)))
        {
            KeyRingLog.EncryptionKeyRetired(_logger, thumbprint);
        }

        return new Snapshot(rings, decryption, [.. decryption, .. retired.Select(k => k.Value)]);
    }

    private static string Thumbprints(KeyRing ring) => string.Join(",", ring.Certificates.Select(c => c.Thumbprint));

    private static AsymmetricAlgorithm SigningKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
        ?? throw new CryptographicException("the signing certificate has no usable private key");

    private sealed record Snapshot(KeyRingSet Rings, IReadOnlyList<RecipientKey> DecryptionKeys, IReadOnlyList<RecipientKey> StoredMessageKeys);
}
