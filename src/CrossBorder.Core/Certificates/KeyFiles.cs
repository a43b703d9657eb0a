using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CrossBorder.Core.Certificates;

/// <summary>PKCS#8 private keys (EC or RSA), PEM or DER, behind the file key source.</summary>
public static class KeyFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Loads a PKCS#8 private key; the caller owns (and disposes) it.</summary>
    public static AsymmetricAlgorithm LoadPrivateKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        byte[] der;
        if (CertificateFiles.LooksLikePem(bytes))
        {
            der = CertificateFiles.PemBlocks(Encoding.ASCII.GetString(bytes), "PRIVATE KEY").FirstOrDefault()
                ?? throw new CryptographicException("no PKCS#8 PRIVATE KEY block in key file");
        }
        else
        {
            der = bytes;
        }

        try
        {
            string info;
            try
            {
                info = Pkcs8PrivateKeyInfoOid(der);
            }
            catch (System.Formats.Asn1.AsnContentException ex)
            {
                throw new CryptographicException("key file is not a PKCS#8 private key", ex);
            }

            AsymmetricAlgorithm key = info switch
            {
                "1.2.840.10045.2.1" => ECDsa.Create(),
                "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.10" => RSA.Create(),
                _ => throw new CryptographicException("unsupported private key algorithm"),
            };
            try
            {
                key.ImportPkcs8PrivateKey(der, out _);
                return key;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Whether the private key belongs to the certificate (same SubjectPublicKeyInfo).</summary>
    public static bool Matches(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        var fromKey = key.ExportSubjectPublicKeyInfo();
        var fromCertificate = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return fromKey.AsSpan().SequenceEqual(fromCertificate);
    }

    /// <summary>Writes a PKCS#8 PEM key readable by its owner only (0600), created with that mode.</summary>
    public static void WritePrivateKey(string path, AsymmetricAlgorithm key)
    {
        var pem = key.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(pem);
        }

        // UnixCreateMode applies to new files only; an overwritten file keeps its mode otherwise.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    private static string Pkcs8PrivateKeyInfoOid(byte[] der)
    {
        // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { algorithm, ... }, privateKey }
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        _ = info.ReadInteger();
        var algorithm = info.ReadSequence();
        return algorithm.ReadObjectIdentifier();
    }
}
