using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Errors;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// Reads the files a command is given. An unreadable or unusable file is a usage error (exit 2)
/// naming the option and the file, never a stack trace.
/// </summary>
internal static class InputFiles
{
    public static byte[] Bytes(string option, string path, long maxBytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > maxBytes)
            {
                throw Reject.TooLarge($"{option} {Path.GetFileName(path)}", maxBytes); // never read a huge file
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot read the file");
        }
    }

    public static X509Certificate2Collection Certificates(string option, IEnumerable<string> paths)
    {
        var all = new X509Certificate2Collection();
        foreach (var path in paths)
        {
            all.AddRange(Guard(option, path, () => CertificateFiles.LoadCertificates(path)));
        }

        return all;
    }

    public static IReadOnlyList<byte[]> Crls(string option, IEnumerable<string> paths)
    {
        var all = new List<byte[]>();
        foreach (var path in paths)
        {
            var crls = Guard(option, path, () => CertificateFiles.LoadCrls(path));
            try
            {
                foreach (var crl in crls)
                {
                    _ = new Org.BouncyCastle.X509.X509CrlParser().ReadCrl(crl) ?? throw new ArgumentException("not a CRL", nameof(paths));
                }
            }
            catch (Exception ex) when (ex is Org.BouncyCastle.Security.Certificates.CrlException or IOException or ArgumentException)
            {
                throw new UsageException($"{option} {path}: not a readable CRL (PEM or DER)");
            }

            all.AddRange(crls);
        }

        return all;
    }

    public static X509Certificate2 Certificate(string option, string path) =>
        Guard(option, path, () => CertificateFiles.LoadCertificate(path));

    public static AsymmetricAlgorithm Key(string option, string path, X509Certificate2 certificate)
    {
        var key = Guard(option, path, () => KeyFiles.LoadPrivateKey(path));
        if (!KeyFiles.Matches(certificate, key))
        {
            key.Dispose();
            throw new UsageException($"{option} {path}: the key does not belong to the certificate");
        }

        return key;
    }

    public static DateTimeOffset? Time(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new UsageException($"--at '{text}' must look like 2026-11-28T10:00:00Z");
    }

    private static T Guard<T>(string option, string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot read the file");
        }
        catch (CryptographicException)
        {
            throw new UsageException($"{option} {path}: not a readable certificate or PKCS#8 key (PEM or DER)");
        }
    }
}
