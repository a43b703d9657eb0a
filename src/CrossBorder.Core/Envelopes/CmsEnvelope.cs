using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Sign-then-encrypt as CRYPTO.md profiles it: a DER ContentInfo(AuthEnvelopedData, AES-256-GCM)
/// whose plaintext is a DER ContentInfo(SignedData) with the content attached. Interoperates
/// with OpenSSL's <c>cms</c> command given the profile's options.
/// </summary>
public static class CmsEnvelope
{
    /// <summary>Signs <paramref name="content"/> and encrypts it to every recipient certificate.</summary>
    public static byte[] Seal(
        ReadOnlySpan<byte> content,
        X509Certificate2 signerCertificate,
        AsymmetricAlgorithm signerKey,
        IEnumerable<X509Certificate2> signerChain,
        IReadOnlyList<X509Certificate2> recipients,
        DateTimeOffset signingTime)
    {
        var signed = SignedDataWriter.Write(content, signerCertificate, signerKey, signerChain, signingTime);
        return AuthEnvelopedDataWriter.Write(signed, recipients);
    }

    /// <summary>
    /// Decrypts, verifies the signature, then validates the signer's path — in that order.
    /// Throws <see cref="RejectedException"/> with the profile's reason code on any failure.
    /// </summary>
    public static OpenedCms Open(
        ReadOnlyMemory<byte> envelope,
        RecipientKey recipient,
        ISignerValidator validator,
        DateTimeOffset at,
        int maxBytes) => Open(envelope, [recipient], validator, at, maxBytes);

    /// <summary>As the single-key overload, with every key of our encryption certificate ring.</summary>
    public static OpenedCms Open(
        ReadOnlyMemory<byte> envelope,
        IReadOnlyList<RecipientKey> recipients,
        ISignerValidator validator,
        DateTimeOffset at,
        int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(validator);
        if (envelope.Length > maxBytes)
        {
            throw Reject.TooLarge("envelope", maxBytes);
        }

        var signed = DecryptAndVerify(envelope, recipients);
        var path = validator.Validate(signed.Signer, signed.Certificates, at);
        if (!path.IsAccepted)
        {
            throw Reject.Because(path.Reason, $"signer certificate: {path.Detail}");
        }

        return new OpenedCms(signed.Content, signed.Signer, signed.SigningTime);
    }

    /// <summary>
    /// Decrypts and verifies the signature, without judging the signer's path: for reading bytes
    /// this gateway opened and path-validated when they arrived. Throws <see cref="RejectedException"/>.
    /// </summary>
    public static OpenedCms OpenReceived(ReadOnlyMemory<byte> envelope, IReadOnlyList<RecipientKey> recipients, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (envelope.Length > maxBytes)
        {
            throw Reject.TooLarge("envelope", maxBytes);
        }

        var signed = DecryptAndVerify(envelope, recipients);
        return new OpenedCms(signed.Content, signed.Signer, signed.SigningTime);
    }

    private static SignedContent DecryptAndVerify(ReadOnlyMemory<byte> envelope, IReadOnlyList<RecipientKey> recipients) =>
        SignedDataReader.ReadAndVerify(AuthEnvelopedDataReader.Decrypt(envelope, recipients));
}
