using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Receipts;

/// <summary>
/// The sender's check of a receipt before it records DELIVERED or REJECTED: the signature
/// verifies, the signer is the recipient it sent to (its path validated against the trust list
/// like any envelope signer), and the receipt names the message, this sender and the SHA-256 of
/// exactly the sealed bytes sent. A receipt that fails any of these proves nothing.
/// </summary>
public sealed class ReceiptVerifier(ParticipantId self, ISignerValidator signers)
{
    /// <summary>The verified receipt, or the refusal (BAD_SIGNATURE, MALFORMED, TOO_LARGE, SIGNER_MISMATCH, a path code, HEADER_MISMATCH).</summary>
    public Outcome<Receipt> Verify(ReadOnlyMemory<byte> signedReceipt, ParticipantId recipient, string messageId, ReadOnlySpan<byte> sealedSha256, DateTimeOffset at)
    {
        try
        {
            return ReceiptCodec.Verify(signedReceipt, signers, recipient, self, messageId, sealedSha256, at);
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
