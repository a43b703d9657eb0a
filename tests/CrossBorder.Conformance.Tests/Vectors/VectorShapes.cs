using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using Org.BouncyCastle.X509;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary>
/// What of a vector file must not change between two runs: the file with exactly the randomness
/// the index names taken out (key pairs and key identifiers, serial numbers, signature values,
/// content-encryption keys, nonces, ephemeral keys, and the DER lengths that follow from them).
/// Envelopes are opened with the set's own keys, so their signed content is compared byte for byte.
/// </summary>
internal static class VectorShapes
{
    private const string SubjectKeyIdentifier = "2.5.29.14";
    private const string AuthorityKeyIdentifier = "2.5.29.35";

    public static string Of(VectorSet set, string file) => Path.GetExtension(file) switch
    {
        ".crt" => Certificate(set.Certificate(file)),
        ".key" => Key(set.PathOf(file)),
        ".crl" => Crl(set.Bytes(file)),
        ".p7" => TrustList(set.Bytes(file)),
        ".bin" => Envelope(set, set.Bytes(file)),
        _ => Convert.ToHexString(set.Bytes(file)),
    };

    public static string Certificate(X509Certificate2 certificate) =>
        $"subject {certificate.Subject}; issuer {certificate.Issuer}; valid {certificate.NotBefore:O} to {certificate.NotAfter:O}; " +
        $"signature {certificate.SignatureAlgorithm.Value}; key {certificate.PublicKey.Oid.Value} {KeySize(certificate)}; serial {certificate.SerialNumberBytes.Length} octets; " +
        string.Join("; ", certificate.Extensions.Select(e => $"{e.Oid!.Value} {e.Critical} " +
            (e.Oid.Value is SubjectKeyIdentifier or AuthorityKeyIdentifier ? "(key identifier)" : Convert.ToHexString(e.RawData))));

    private static string Key(string path)
    {
        var pem = File.ReadAllText(path);
        using var key = Core.Certificates.KeyFiles.LoadPrivateKey(path);
        return $"{key.GetType().BaseType?.Name} {key.KeySize} {pem.Split('\n')[0]}";
    }

    private static int KeySize(X509Certificate2 certificate) =>
        (certificate.GetECDsaPublicKey() as AsymmetricAlgorithm ?? certificate.GetRSAPublicKey() ?? (AsymmetricAlgorithm?)certificate.GetECDiffieHellmanPublicKey())?.KeySize ?? 0;

    private static string Crl(byte[] der)
    {
        var crl = new X509CrlParser().ReadCrl(der);
        var entries = crl.GetRevokedCertificates()?.Cast<X509CrlEntry>().Select(e => $"revoked at {e.RevocationDate:O}") ?? [];
        var extensions = crl.GetNonCriticalExtensionOids().Concat(crl.GetCriticalExtensionOids())
            .Where(oid => oid != AuthorityKeyIdentifier).Order(StringComparer.Ordinal)
            .Select(oid => $"{oid} {Convert.ToHexString(crl.GetExtensionValue(new Org.BouncyCastle.Asn1.DerObjectIdentifier(oid)).GetOctets())}");
        return $"issuer {crl.IssuerDN}; this {crl.ThisUpdate:O}; next {crl.NextUpdate:O}; signature {crl.SigAlgOid}; {string.Join("; ", entries)}; {string.Join("; ", extensions)}";
    }

    private static string TrustList(byte[] signedList)
    {
        var signed = new SignedCms();
        signed.Decode(signedList);
        var signer = signed.SignerInfos[0];
        var time = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Values[0]).OfType<Pkcs9SigningTime>().Single().SigningTime;
        var list = Contracts.V1.TrustList.Parser.ParseFrom(signed.ContentInfo.Content);
        var shapes = new StringBuilder();
        var stripped = list.Clone();
        foreach (var country in stripped.Countries)
        {
            shapes.Append(string.Join("|", country.Anchors.Concat(country.Intermediates).Select(c => Certificate(X509CertificateLoader.LoadCertificate(c.Span)))));
            shapes.Append(string.Join("|", country.Crls.Select(c => Crl(c.ToByteArray()))));
            country.Anchors.Clear();
            country.Intermediates.Clear();
            country.Crls.Clear();
        }

        foreach (var participant in stripped.Participants)
        {
            shapes.Append(string.Join("|", participant.EncryptionCertificates.Select(c => Certificate(X509CertificateLoader.LoadCertificate(c.Span)))));
            participant.EncryptionCertificates.Clear();
        }

        return $"signed by {Certificate(signer.Certificate!)} at {time:O}; content {Convert.ToHexString(stripped.ToByteArray())}; {shapes}";
    }

    private static string Envelope(VectorSet set, byte[] encoded)
    {
        var envelope = SealedEnvelope.Parser.ParseFrom(encoded);
        var sealedBytes = envelope.Sealed.Memory;
        var clear = envelope.Clone();
        clear.Sealed = ByteString.Empty;
        return $"clear {Convert.ToHexString(clear.ToByteArray())}; sealed {Skeleton(sealedBytes.Span)}; {Opened(set, sealedBytes)}";
    }

    /// <summary>The DER tags and object identifiers of the sealed bytes, without lengths or values.</summary>
    private static string Skeleton(ReadOnlySpan<byte> der)
    {
        try
        {
            var text = new StringBuilder();
            Walk(DerNode.Parse(der), der, text);
            return text.ToString();
        }
        catch (Exception ex) when (ex is InvalidDataException or IndexOutOfRangeException)
        {
            return "not DER " + Convert.ToHexString(der);
        }
    }

    private static void Walk(DerNode node, ReadOnlySpan<byte> der, StringBuilder text)
    {
        text.Append(node.Tag.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        if (node.Tag == 0x06)
        {
            text.Append('=').Append(Convert.ToHexString(der.Slice(node.ContentOffset, node.ContentLength)));
        }

        if (node.Children.Count > 0)
        {
            text.Append('(');
            foreach (var child in node.Children)
            {
                Walk(child, der, text);
                text.Append(' ');
            }

            text.Append(')');
        }
    }

    /// <summary>The signed content, signer and signing time, decrypted with any key of the set; or the refusal.</summary>
    private static string Opened(VectorSet set, ReadOnlyMemory<byte> sealedBytes)
    {
        var keys = Directory.EnumerateDirectories(set.PathOf("federation/participants")).Order(StringComparer.Ordinal)
            .Select(d => RecipientKey.FromCertificate(CertificateFiles(d))).ToList();
        try
        {
            var opened = CmsEnvelope.OpenReceived(sealedBytes, keys, int.MaxValue);
            return $"content {Convert.ToHexString(opened.Content.Span)}; signer {Certificate(opened.Signer)}; signed at {opened.SigningTime:O}";
        }
        catch (RejectedException ex)
        {
            return $"refused {ex.Reason}";
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    private static X509Certificate2 CertificateFiles(string directory) =>
        Core.Certificates.CertificateFiles.LoadCertificateWithKey(Path.Combine(directory, "encryption.crt"), Path.Combine(directory, "encryption.key"));
}
