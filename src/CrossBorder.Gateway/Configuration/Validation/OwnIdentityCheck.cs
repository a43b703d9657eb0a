using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>
/// Who this gateway is: a participant id, listed in the trust list, whose TLS certificate is a
/// valid server and client certificate of that participant under the list. Not an options
/// validator: the last two need the trust list and the certificate, which only the files give.
/// </summary>
internal static class OwnIdentityCheck
{
    /// <summary>The configured participant; null when it is missing or malformed.</summary>
    public static ParticipantId? Participant(GatewayOptions options, OptionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Required(options.Participant, nameof(options.Participant), s => ParticipantId.TryParse(s, out var p) ? p : null,
            "must look like AL/NCP");
    }

    /// <summary>Checks the participant and its TLS certificate (when it could be read) against the trust list in force.</summary>
    public static void Check(TrustListSnapshot trust, ParticipantId participant, X509Certificate2? tls, X509Certificate2Collection? chain, TimeProvider time, OptionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(problems);
        if (trust.Find(participant) is null)
        {
            problems.Add($"{nameof(GatewayOptions.Participant)}: {participant} is not in the trust list");
            return;
        }

        if (tls is null)
        {
            return;
        }

        // Our own certificate must be ours and not revoked; stale revocation data is the trust
        // list's business (the gateway then starts with exchange suspended), not a config error.
        var ownCheck = new RevocationPolicy(SoftFail: true, Grace: TimeSpan.FromDays(3650), WarnBefore: TimeSpan.Zero);
        var validator = new PeerCertificateValidator(() => trust, time, ownCheck);
        foreach (var purpose in new[] { CertificatePurpose.TlsServer, CertificatePurpose.TlsClient })
        {
            var check = validator.Validate(tls, chain, purpose, participant);
            if (!check.IsAccepted)
            {
                problems.Add($"{nameof(GatewayOptions.Tls)}: the certificate is not a valid {purpose} certificate of {participant} under the trust list: {check.Reason.Name()}: {check.Detail}");
            }
        }
    }
}
