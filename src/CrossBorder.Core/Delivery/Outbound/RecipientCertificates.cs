using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// The encryption certificates a message to a participant is sealed to: those the trust list
/// publishes for it that validate, now, to its own country anchor with the encryption key usage
/// and name it in their SAN. During a rollover a message is sealed to every valid one.
/// </summary>
public sealed class RecipientCertificates(PeerCertificateValidator validator)
{
    /// <summary>The valid encryption certificates of <paramref name="recipient"/>; throws with the reason when there is none.</summary>
    public IReadOnlyList<X509Certificate2> For(TrustListSnapshot trust, ParticipantId recipient)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(recipient);
        var entry = trust.Find(recipient) ?? throw Reject.Because(ReasonCode.NotAuthorized, $"{recipient} is not in the trust list");
        var valid = new List<X509Certificate2>();
        PeerValidation? last = null;
        foreach (var certificate in entry.EncryptionCertificates)
        {
            last = validator.Validate(certificate, null, CertificatePurpose.Encryption, recipient);
            if (last.IsAccepted)
            {
                valid.Add(certificate);
            }
        }

        return valid.Count > 0
            ? valid
            : throw Reject.Because(last?.Reason ?? ReasonCode.Untrusted, $"the trust list publishes no valid encryption certificate for {recipient}" + (last is null ? "" : $": {last.Detail}"));
    }
}
