using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Derives one key per link from a country secret with HKDF-SHA256 (info = "crossborder
/// pseudonym link" + sender + recipient), so each link gets its own unlinkable key and the
/// secret alone is what must be kept and backed up. Rotation is a new secret with a new key id.
/// </summary>
public sealed class DerivedPseudonymKeySource : IPseudonymKeySource
{
    private readonly byte[] _secret;
    private readonly string _keyId;
    private readonly ConcurrentDictionary<(ParticipantId, ParticipantId), PseudonymKey> _keys = new();

    /// <summary>Creates the source from a secret of at least 32 bytes and the id of that secret.</summary>
    public DerivedPseudonymKeySource(ReadOnlySpan<byte> secret, string keyId)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("the pseudonymization secret must be at least 32 bytes", nameof(secret));
        }

        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (!keyId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("a key id is letters and digits", nameof(keyId));
        }

        _secret = secret.ToArray();
        _keyId = keyId;
    }

    /// <inheritdoc />
    public PseudonymKey CurrentKey(ParticipantId sender, ParticipantId recipient)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        return _keys.GetOrAdd((sender, recipient), link =>
        {
            var info = Encoding.UTF8.GetBytes($"crossborder pseudonym link {link.Item1} {link.Item2}");
            return new PseudonymKey(_keyId, HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, salt: [], info));
        });
    }
}
