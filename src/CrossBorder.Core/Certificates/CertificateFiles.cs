using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CrossBorder.Core.Certificates;

/// <summary>
/// Reads certificates, CRLs and PKCS#8 keys as PEM or DER (detected from the content), and
/// writes them the way the project keeps them: certificates as PEM, keys as PKCS#8 PEM with
/// file mode 0600.
/// </summary>
public static class CertificateFiles
{
    private const string CertificateLabel = "CERTIFICATE";

    /// <summary>All certificates of a PEM file (one or many) or the one certificate of a DER file.</summary>
    public static X509Certificate2Collection LoadCertificates(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var collection = new X509Certificate2Collection();
        if (LooksLikePem(bytes))
        {
            foreach (var der in PemBlocks(Encoding.ASCII.GetString(bytes), CertificateLabel))
            {
                collection.Add(X509CertificateLoader.LoadCertificate(der));
            }

            if (collection.Count == 0)
            {
                throw new CryptographicException("no certificate in PEM file");
            }
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificate(bytes));
        }

        return collection;
    }

    /// <summary>All CRLs of a PEM file (label X509 CRL) or the one CRL of a DER file, as DER.</summary>
    public static IReadOnlyList<byte[]> LoadCrls(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!LooksLikePem(bytes))
        {
            return [bytes];
        }

        var crls = PemBlocks(Encoding.ASCII.GetString(bytes), "X509 CRL").ToList();
        return crls.Count > 0 ? crls : throw new CryptographicException("no CRL in PEM file");
    }

    /// <summary>The single certificate of a file; a file with several is an error.</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        var all = LoadCertificates(path);
        return all.Count == 1 ? all[0] : throw new CryptographicException("expected exactly one certificate");
    }

    /// <summary>A certificate with its private key; fails when the key does not belong to the certificate.</summary>
    public static X509Certificate2 LoadCertificateWithKey(string certificatePath, string keyPath)
    {
        var certificate = LoadCertificate(certificatePath);
        using var key = KeyFiles.LoadPrivateKey(keyPath);
        if (!KeyFiles.Matches(certificate, key))
        {
            throw new CryptographicException("the private key does not belong to the certificate");
        }

        return key switch
        {
            // A key-agreement-only EC certificate (ECDH) takes its key as ECDiffieHellman.
            ECDsa ec when certificate.GetECDsaPublicKey() is null => WithEcdhKey(certificate, ec),
            ECDsa ec => certificate.CopyWithPrivateKey(ec),
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            _ => throw new CryptographicException("unsupported key type"),
        };
    }

    private static X509Certificate2 WithEcdhKey(X509Certificate2 certificate, ECDsa key)
    {
        using var ecdh = ECDiffieHellman.Create(key.ExportParameters(includePrivateParameters: true));
        return certificate.CopyWithPrivateKey(ecdh);
    }

    /// <summary>Writes certificates as PEM (world-readable: certificates are public).</summary>
    public static void WriteCertificates(string path, params X509Certificate2[] certificates)
    {
        var text = new StringBuilder();
        foreach (var certificate in certificates)
        {
            text.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// PEM when the file is not DER (which starts with a SEQUENCE tag) and holds an encapsulation
    /// boundary anywhere: RFC 7468 allows explanatory text before the blocks, as OpenSSL writes it.
    /// </summary>
    internal static bool LooksLikePem(ReadOnlySpan<byte> bytes) =>
        bytes.Length > 0 && bytes[0] != 0x30 && bytes.IndexOf("-----BEGIN "u8) >= 0;

    internal static IEnumerable<byte[]> PemBlocks(string text, string label)
    {
        var remaining = text.AsMemory();
        while (PemEncoding.TryFind(remaining.Span, out var fields))
        {
            var block = remaining.Span;
            if (block[fields.Label].SequenceEqual(label))
            {
                var data = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(block[fields.Base64Data], data, out _))
                {
                    throw new CryptographicException("bad base64 in PEM block");
                }

                yield return data;
            }

            remaining = remaining[fields.Location.End..];
        }
    }
}
