using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// The key-encryption key of dhSinglePass-stdDH-sha256kdf-scheme (RFC 5753): ANSI X9.63 KDF
/// with SHA-256 over the shared secret and ECC-CMS-SharedInfo { id-aes256-wrap with parameters
/// ABSENT, [0] ukm if any, [2] key length 256 }. Absent parameters are what OpenSSL derives
/// with; BouncyCastle's NULL parameters would give a different key.
/// </summary>
internal static class EcdhKek
{
    private static readonly Asn1Tag Tag0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Tag2 = new(TagClass.ContextSpecific, 2, true);

    public static byte[] Derive(ECDiffieHellman ours, ECDiffieHellmanPublicKey theirs, ReadOnlySpan<byte> ukm)
    {
        var sharedInfo = SharedInfo(ukm);
        var append = new byte[4 + sharedInfo.Length];
        BinaryPrimitives.WriteInt32BigEndian(append, 1); // counter: one SHA-256 block is the whole 256-bit KEK
        sharedInfo.CopyTo(append, 4);
        return ours.DeriveKeyFromHash(theirs, HashAlgorithmName.SHA256, null, append);
    }

    /// <summary>DER ECC-CMS-SharedInfo for a 256-bit id-aes256-wrap key (parameters absent), with the ukm if any.</summary>
    public static byte[] SharedInfo(ReadOnlySpan<byte> ukm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            AlgorithmIdentifier.Write(writer, CmsOids.Aes256Wrap);
            if (!ukm.IsEmpty)
            {
                using (writer.PushSequence(Tag0))
                {
                    writer.WriteOctetString(ukm);
                }
            }

            using (writer.PushSequence(Tag2))
            {
                Span<byte> bits = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(bits, 256);
                writer.WriteOctetString(bits);
            }
        }

        return writer.Encode();
    }
}
