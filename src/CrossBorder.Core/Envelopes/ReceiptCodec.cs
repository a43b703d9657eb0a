using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Signed receipts: a DER ContentInfo(SignedData) over an encoded <see cref="Receipt"/>, signed
/// by the receiving participant with its message signing key, so that a receipt is evidence the
/// sender can keep and show. The sender accepts one only when the signature verifies, the signer
/// is the recipient it sent to (path validated like any envelope signer), and the receipt names
/// the message, the sender and the SHA-256 of exactly the sealed bytes it sent.
/// </summary>
public static class ReceiptCodec
{
    /// <summary>A receipt is a few hundred bytes plus a certificate chain.</summary>
    public const int MaxSignedBytes = 64 * 1024;

    /// <summary>Signs a receipt.</summary>
    public static byte[] Sign(Receipt receipt, SigningIdentity signer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(signer);
        return SignedDataWriter.Write(receipt.ToByteArray(), signer.Certificate, signer.Key, signer.Chain, at);
    }

    /// <summary>
    /// The receipt inside a signed receipt this gateway verified when it stored it (<see cref="Verify"/>):
    /// for showing what it says. Null when the bytes are not a signed receipt (a damaged store).
    /// </summary>
    public static Receipt? ReadStored(ReadOnlyMemory<byte> signedReceipt)
    {
        try
        {
            return UnknownFields.ParseStrict(Receipt.Parser, SignedDataReader.ReadAndVerify(signedReceipt).Content.Span, "receipt");
        }
        catch (RejectedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Verifies a signed receipt about the message we sent; throws <see cref="RejectedException"/>
    /// (BAD_SIGNATURE, MALFORMED, SIGNER_MISMATCH, a path code, or HEADER_MISMATCH when it is about
    /// other bytes, another message or another sender).
    /// </summary>
    public static Receipt Verify(
        ReadOnlyMemory<byte> signedReceipt,
        ISignerValidator validator,
        ParticipantId expectedSigner,
        ParticipantId sender,
        string messageId,
        ReadOnlySpan<byte> sealedSha256,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(expectedSigner);
        ArgumentNullException.ThrowIfNull(sender);
        if (signedReceipt.Length > MaxSignedBytes)
        {
            throw Reject.TooLarge("receipt", MaxSignedBytes);
        }

        var signed = SignedDataReader.ReadAndVerify(signedReceipt);
        var path = validator.Validate(signed.Signer, signed.Certificates, at);
        if (!path.IsAccepted)
        {
            throw Reject.Because(path.Reason, $"receipt signer certificate: {path.Detail}");
        }

        if (!ParticipantId.TryFromCertificate(signed.Signer, out var signer) || signer != expectedSigner)
        {
            throw Reject.Because(ReasonCode.SignerMismatch, "receipt is not signed by the recipient");
        }

        var receipt = UnknownFields.ParseStrict(Receipt.Parser, signed.Content.Span, "receipt");

        if (receipt.MessageId != messageId || receipt.Sender != sender.ToString() || receipt.Recipient != expectedSigner.ToString())
        {
            throw Reject.Because(ReasonCode.HeaderMismatch, "receipt is about another message");
        }

        if (!CryptographicOperations.FixedTimeEquals(receipt.SealedSha256.Span, sealedSha256))
        {
            throw Reject.Because(ReasonCode.HeaderMismatch, "receipt digest differs from the sealed bytes sent");
        }

        if (receipt.Outcome is not (ReceiptOutcome.Accepted or ReceiptOutcome.Rejected))
        {
            throw Reject.Because(ReasonCode.Malformed, "receipt has no outcome");
        }

        return receipt;
    }
}
