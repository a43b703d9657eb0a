using System.Security.Cryptography;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// Every primitive operation the envelope code performs, in exactly the form it performs it, so
/// that conformance vectors (Wycheproof) exercise the same calls as real messages.
/// </summary>
internal static class CmsPrimitives
{
    /// <summary>ECDSA SHA-256 verification that also requires strict DER.</summary>
    public static bool EcdsaVerify(ECDsa key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        SignedDataReader.IsStrictDerSignature(signature)
        && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>RSASSA-PSS SHA-256 / MGF1-SHA-256 / salt 32 verification.</summary>
    public static bool RsaPssVerify(RSA key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    /// <summary>RSAES-OAEP SHA-256 decryption; null on any failure.</summary>
    public static byte[]? RsaOaepDecrypt(RSA key, ReadOnlySpan<byte> ciphertext)
    {
        try
        {
            return key.Decrypt(ciphertext.ToArray(), RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>AES-GCM decryption with a 16-byte tag; null when the tag (or anything else) is wrong.</summary>
    public static byte[]? AesGcmDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (tag.Length != 16 || nonce.Length != 12 || key.Length is not (16 or 24 or 32))
        {
            return null;
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(key, tag.Length);
            gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Imports a peer's uncompressed public point on <paramref name="ours"/>'s curve; null when it
    /// is not a valid point of that curve.
    /// </summary>
    public static ECDiffieHellman? ImportPeerPoint(ECDiffieHellman ours, ReadOnlySpan<byte> point)
    {
        var curve = ours.ExportParameters(false).Curve;
        var fieldLength = (ours.KeySize + 7) / 8;
        if (point.Length != 1 + (2 * fieldLength) || point[0] != 0x04)
        {
            return null;
        }

        try
        {
            return ECDiffieHellman.Create(new ECParameters
            {
                Curve = curve,
                Q = new ECPoint { X = point[1..(1 + fieldLength)].ToArray(), Y = point[(1 + fieldLength)..].ToArray() },
            });
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
