using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Cases that send one envelope made for them (mostly by the forge) and judge the answer: a
/// refusal with a reason before authentication, or a verified ACCEPTED receipt where the spec says
/// a receiver must take it. The envelope is of the default type, or of the first type the
/// reference policy lets through to the target (the CMS layer does not care); the making step
/// returns null with the reason when the case cannot be played against this target.
/// </summary>
internal static class ForgedCase
{
    public delegate (SealedEnvelope? Envelope, string? Unplayable) Forging(CaseRun run, MessageType type);

    public static ConformanceCase Refused(string id, string expectation, ReasonCode reason, Forging forge) => Play(id, expectation, reason, forge);

    public static ConformanceCase Accepted(string id, string expectation, Forging forge) => Play(id, expectation, null, forge);

    /// <summary>The target's encryption certificates of one key type, or null with why there are none.</summary>
    public static (IReadOnlyList<X509Certificate2>? Certificates, string? Unplayable) TargetKeys(CaseRun run, bool rsa)
    {
        ArgumentNullException.ThrowIfNull(run);
        var certificates = run.Target!.Entry.EncryptionCertificates.Where(c => IsRsa(c) == rsa).ToList();
        return certificates.Count > 0
            ? (certificates, null)
            : (null, $"the trust list gives {run.Target.Id} no {(rsa ? "RSA" : "EC")} encryption certificate, so it cannot be sent {(rsa ? "an RSA key transport" : "an EC key agreement")}");
    }

    private static bool IsRsa(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        return rsa is not null;
    }

    private static ConformanceCase Play(string id, string expectation, ReasonCode? reason, Forging forge) =>
        WithDefaultType(id, expectation, async (run, _, token) =>
        {
            if (run.Envelopes.SealableType is not { } type)
            {
                return CaseVerdict.Skip(expectation, $"the reference policy refuses the example of every type {run.Credentials.Participant} may send to {run.Target!.Id}");
            }

            var (envelope, unplayable) = forge(run, type);
            if (envelope is null)
            {
                return CaseVerdict.Skip(expectation, unplayable!);
            }

            var answer = await run.DeliverAsync(envelope, token).ConfigureAwait(false);
            return reason is { } refusal ? Expect.Refused(answer, refusal) : Expect.Accepted(run, envelope, answer);
        });
}
