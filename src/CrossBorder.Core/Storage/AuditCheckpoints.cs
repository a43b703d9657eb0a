using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Storage;

/// <summary>
/// Signs and checks <see cref="AuditCheckpoint"/>s with the gateway's message signing key, in the
/// CMS SignedData of receipts and envelopes (ECDSA P-256 or RSA-PSS with SHA-256, the signing
/// certificate embedded). What is signed is a fixed, length-prefixed encoding with its own label, so
/// that a checkpoint signature can never pass for a receipt or a message, nor the other way round.
/// </summary>
public static class AuditCheckpoints
{
    /// <summary>The largest signature taken: a SignedData of a hundred bytes plus the signing certificate.</summary>
    public const int MaxSignatureBytes = 16 * 1024;

    /// <summary>The size of an entry hash (SHA-256).</summary>
    public const int HashBytes = 32;

    /// <summary>
    /// The bytes signed: the label <c>crossborder audit checkpoint v1</c>, then the sequence, the hash,
    /// the time (unix milliseconds) and the signer's fingerprint, as <see cref="AuditChain"/> encodes its fields.
    /// </summary>
    public static byte[] ToBeSigned(long sequence, ReadOnlySpan<byte> hash, DateTimeOffset at, string signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var bytes = new ArrayBufferWriter<byte>(128);
        AuditEncoding.Label(bytes, "crossborder audit checkpoint v1"u8);
        AuditEncoding.Number(bytes, sequence);
        AuditEncoding.Field(bytes, hash);
        AuditEncoding.Number(bytes, at.ToUnixTimeMilliseconds());
        AuditEncoding.Text(bytes, signer);
        return bytes.WrittenSpan.ToArray();
    }

    /// <summary>The fingerprint a checkpoint names its signer by: SHA-256 of the DER certificate, upper-case hex.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>Signs the chain's <paramref name="head"/> at <paramref name="at"/> (kept to the millisecond) with <paramref name="signer"/>.</summary>
    public static AuditCheckpoint Sign(AuditHead head, DateTimeOffset at, SigningIdentity signer)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(signer);
        if (head.Sequence < 1 || head.Hash.Length != HashBytes)
        {
            throw new ArgumentException("a checkpoint names an entry of the chain", nameof(head));
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        var fingerprint = Fingerprint(signer.Certificate);
        var signature = SignedDataWriter.Write(ToBeSigned(head.Sequence, head.Hash, time, fingerprint), signer.Certificate, signer.Key, [], time);
        return new AuditCheckpoint(head.Sequence, head.Hash, time, fingerprint, signature);
    }

    /// <summary>
    /// Why <paramref name="checkpoint"/> does not verify; null when it does: its signature verifies,
    /// it signs exactly its own fields, and its signer is one of <paramref name="ownSigners"/> (this
    /// gateway's signing certificates, rollover ones included) and was valid when it signed.
    /// </summary>
    public static ReasonCode? Problem(AuditCheckpoint checkpoint, IReadOnlyCollection<X509Certificate2> ownSigners)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(ownSigners);
        if (checkpoint.Signature.Length > MaxSignatureBytes)
        {
            return ReasonCode.TooLarge;
        }

        if (checkpoint.Sequence < 1 || checkpoint.Hash.Length != HashBytes)
        {
            return ReasonCode.Malformed;
        }

        SignedContent signed;
        try
        {
            signed = SignedDataReader.ReadAndVerify(checkpoint.Signature);
        }
        catch (RejectedException ex)
        {
            return ex.Reason;
        }
        catch (CryptographicException)
        {
            return ReasonCode.BadSignature;
        }

        var expected = ToBeSigned(checkpoint.Sequence, checkpoint.Hash, checkpoint.At, checkpoint.Signer);
        if (!CryptographicOperations.FixedTimeEquals(signed.Content.Span, expected))
        {
            return ReasonCode.HeaderMismatch;
        }

        var fingerprint = Fingerprint(signed.Signer);
        if (!string.Equals(fingerprint, checkpoint.Signer, StringComparison.Ordinal) ||
            !ownSigners.Any(c => string.Equals(Fingerprint(c), fingerprint, StringComparison.Ordinal)))
        {
            return ReasonCode.SignerMismatch;
        }

        var notBefore = new DateTimeOffset(signed.Signer.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(signed.Signer.NotAfter.ToUniversalTime());
        return checkpoint.At < notBefore || checkpoint.At > notAfter ? ReasonCode.Expired : null;
    }
}
