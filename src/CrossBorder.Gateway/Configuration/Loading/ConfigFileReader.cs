using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Gateway.Configuration.Validation;
using CertFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>
/// Reads the files a config names (paths relative to the config file's folder) and turns what is
/// wrong with them (missing, unreadable, a key that is not the certificate's, outside its validity)
/// into problems rather than exceptions, so that every file checker adds to one list and the
/// loader can report them all at once.
/// </summary>
/// <param name="baseDirectory">The config file's folder.</param>
/// <param name="time">The clock certificate validity is checked against.</param>
/// <param name="problems">Where every checker reports.</param>
internal sealed class ConfigFileReader(string baseDirectory, TimeProvider time, OptionProblems problems)
{
    public TimeProvider Time => time;

    public OptionProblems Problems => problems;

    /// <summary>A configured path made absolute against the config file's folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, baseDirectory);

    /// <summary>The full path of a required file that exists; null (and a problem) otherwise.</summary>
    public string? ExistingFile(string? path, string name)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"{name} is required");
            return null;
        }

        var full = FullPath(path);
        if (!File.Exists(full))
        {
            problems.Add($"{name}: file {full} does not exist");
            return null;
        }

        return full;
    }

    /// <summary>Every certificate of a PEM or DER file, each checked for validity now unless <paramref name="checkValidity"/> is false.</summary>
    public X509Certificate2Collection? Certificates(string? path, string name, bool checkValidity = true)
    {
        var full = ExistingFile(path, name);
        if (full is null)
        {
            return null;
        }

        try
        {
            var all = CertFiles.LoadCertificates(full);
            if (checkValidity)
            {
                foreach (var certificate in all)
                {
                    CheckValidity(certificate, name);
                }
            }

            return all;
        }
        catch (CryptographicException)
        {
            problems.Add($"{name}: {full} holds no readable certificate (PEM or DER)");
            return null;
        }
    }

    /// <summary>The one certificate of a file.</summary>
    public X509Certificate2? Certificate(string? path, string name)
    {
        var all = Certificates(path, name);
        if (all is { Count: > 1 })
        {
            problems.Add($"{name}: expected one certificate, found {all.Count}");
        }

        return all?[0];
    }

    /// <summary>The issuing chain of <paramref name="files"/>; empty when none is configured.</summary>
    public X509Certificate2Collection? Chain(CertificateFiles files, string name) =>
        string.IsNullOrWhiteSpace(files.Chain) ? [] : Certificates(files.Chain, $"{name}.{nameof(files.Chain)}");

    /// <summary>A certificate with its private key, which must belong to it; checked for validity now.</summary>
    public X509Certificate2? KeyPair(CertificateFiles files, string name)
    {
        var certificatePath = ExistingFile(files.Certificate, $"{name}.{nameof(files.Certificate)}");
        var keyPath = ExistingFile(files.Key, $"{name}.{nameof(files.Key)}");
        if (certificatePath is null || keyPath is null)
        {
            return null;
        }

        try
        {
            var certificate = CertFiles.LoadCertificateWithKey(certificatePath, keyPath);
            CheckValidity(certificate, $"{name}.{nameof(files.Certificate)}");
            return certificate;
        }
        catch (CryptographicException ex)
        {
            problems.Add($"{name}: {Path.GetFileName(certificatePath)} with {Path.GetFileName(keyPath)}: {ex.Message}");
            return null;
        }
    }

    private void CheckValidity(X509Certificate2 certificate, string name)
    {
        var now = time.GetUtcNow();
        if (now < new DateTimeOffset(certificate.NotBefore.ToUniversalTime()))
        {
            problems.Add($"{name}: certificate {certificate.Subject} is not valid before {certificate.NotBefore.ToUniversalTime():u}");
        }
        else if (now > new DateTimeOffset(certificate.NotAfter.ToUniversalTime()))
        {
            problems.Add($"{name}: certificate {certificate.Subject} expired on {certificate.NotAfter.ToUniversalTime():u}");
        }
    }
}
