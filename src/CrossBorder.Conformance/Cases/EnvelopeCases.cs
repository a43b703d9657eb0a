using System.Security.Cryptography;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>Section 5: the sealed envelope — authenticated decryption, our key, a signer the trust list vouches for.</summary>
internal static class EnvelopeCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Mutated("envelope.not-cms",
            "an envelope whose sealed bytes are not DER CMS is refused with MALFORMED",
            ReasonCode.Malformed,
            envelope => new SealedEnvelope { Route = envelope.Route, Sealed = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(envelope.Sealed.Length)) });

        yield return Mutated("envelope.tampered-ciphertext",
            "an envelope with one bit of the AES-GCM ciphertext flipped is refused with DECRYPT_FAILED",
            ReasonCode.DecryptFailed,
            CmsMutations.TamperCiphertext);

        yield return Mutated("envelope.tampered-tag",
            "an envelope with one bit of the GCM tag (mac) flipped is refused with DECRYPT_FAILED",
            ReasonCode.DecryptFailed,
            CmsMutations.TamperTag);

        yield return Mutated("envelope.tampered-wrapped-key",
            "an envelope with one bit of the wrapped content-encryption key flipped is refused with DECRYPT_FAILED",
            ReasonCode.DecryptFailed,
            CmsMutations.TamperWrappedKey);

        yield return WithDefaultType("envelope.sealed-to-another",
            "an envelope routed to the target but encrypted only to another participant's certificate is refused with NOT_A_RECIPIENT",
            async (run, type, token) =>
            {
                var other = run.Credentials.Trust.Participants.Values
                    .Where(p => p.Id != run.Target!.Id && p.EncryptionCertificates.Count > 0)
                    .OrderBy(p => p.Id.ToString(), StringComparer.Ordinal).FirstOrDefault();
                if (other is null)
                {
                    return CaseVerdict.Skip("expected NOT_A_RECIPIENT", "the trust list has no other participant's encryption certificate");
                }

                var (envelope, skipped) = run.Envelopes.Seal(type, recipients: other.EncryptionCertificates);
                return envelope is null
                    ? PolicySkip("expected NOT_A_RECIPIENT", skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.NotARecipient);
            });

        yield return WithDefaultType("envelope.untrusted-signer",
            "an envelope signed with a certificate naming the sender but issued by a CA outside the trust list is refused with UNTRUSTED",
            async (run, type, token) =>
            {
                using var foreign = new ForeignPki(run.Credentials.Participant, run.Time);
                var signer = foreign.Signer();
                try
                {
                    var (envelope, skipped) = run.Envelopes.Seal(type, signer: signer);
                    return envelope is null
                        ? PolicySkip("expected UNTRUSTED", skipped!)
                        : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.Untrusted);
                }
                finally
                {
                    signer.Key.Dispose();
                    signer.Certificate.Dispose();
                }
            });
    }

    /// <summary>A good envelope whose sealed bytes are damaged after sealing, refused before authentication.</summary>
    private static ConformanceCase Mutated(string id, string expectation, ReasonCode reason, Func<SealedEnvelope, SealedEnvelope> mutate) =>
        WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var (envelope, skipped) = run.Envelopes.Seal(type);
            return envelope is null
                ? PolicySkip(expectation, skipped!)
                : Expect.Refused(await run.DeliverAsync(mutate(envelope), token).ConfigureAwait(false), reason);
        });
}
