using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.KeyRings;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>
/// The signing and encryption certificates and keys, the main pair and every rollover pair of
/// each ring. They are only checked here: the key rings read them themselves, at start and again
/// whenever the files change, so the checker keeps nothing.
/// </summary>
internal static class KeyRingFiles
{
    /// <summary>Checks every pair: files present, key belonging to its certificate, certificate valid now.</summary>
    public static void Check(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        files.KeyPair(options.Signing, nameof(options.Signing))?.Dispose();
        files.KeyPair(options.Encryption, nameof(options.Encryption))?.Dispose();
        Rollover(files, options.SigningRollover, nameof(options.SigningRollover));
        Rollover(files, options.EncryptionRollover, nameof(options.EncryptionRollover));
    }

    /// <summary>The key files of checked options, main pair first, as the key rings read them.</summary>
    public static FileKeySource Source(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        KeyFilePair Pair(CertificateFiles pair) => new(files.FullPath(pair.Certificate), files.FullPath(pair.Key));
        var chain = string.IsNullOrWhiteSpace(options.Tls.Chain) ? null : files.FullPath(options.Tls.Chain);
        return new FileKeySource(
            [Pair(options.Signing), .. options.SigningRollover.Select(Pair)],
            [Pair(options.Encryption), .. options.EncryptionRollover.Select(Pair)],
            chain);
    }

    /// <summary>The retired signing certificates (no keys, validity not checked: they verify old audit checkpoints only).</summary>
    public static X509Certificate2Collection? Retired(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var retired = new X509Certificate2Collection();
        for (var i = 0; i < options.RetiredSigningCertificates.Count; i++)
        {
            if (files.Certificates(options.RetiredSigningCertificates[i], $"{nameof(options.RetiredSigningCertificates)}[{i}]", checkValidity: false) is not { } certificates)
            {
                return null;
            }

            retired.AddRange(certificates);
        }

        return retired;
    }

    private static void Rollover(ConfigFileReader files, List<CertificateFiles> rollover, string name)
    {
        for (var i = 0; i < rollover.Count; i++)
        {
            files.KeyPair(rollover[i], $"{name}[{i}]")?.Dispose();
        }
    }
}
