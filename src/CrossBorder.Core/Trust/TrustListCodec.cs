using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using Google.Protobuf;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Signs and opens trust lists: an encoded <see cref="TrustList"/> inside a CMS SignedData
/// (content attached, labelled id-data) signed by the federation operator.
/// </summary>
public static class TrustListCodec
{
    /// <summary>A trust list is a directory, not a payload: 4 MiB is generous.</summary>
    public const int MaxSignedBytes = 4 * 1024 * 1024;

    /// <summary>Endpoints of one participant, <c>peer_endpoint</c> included: replicas behind one identity, not a fleet directory.</summary>
    public const int MaxPeerEndpoints = 16;

    private const string IdData = "1.2.840.113549.1.7.1";

    /// <summary>Signs a trust list with the operator's certificate and key.</summary>
    public static byte[] Sign(TrustList list, X509Certificate2 operatorCertificate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(list);
        var content = new ContentInfo(new Oid(IdData), list.ToByteArray());
        var signed = new SignedCms(content, detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, operatorCertificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(time.GetUtcNow().UtcDateTime));
        signed.ComputeSignature(signer, silent: true);
        return signed.Encode();
    }

    /// <summary>
    /// Verifies the signature against the pinned operator certificate and decodes the list.
    /// Refuses (<see cref="RejectedException"/>) a malformed, unsigned, badly signed or
    /// foreign-signed list; freshness and rollback are judged by the caller.
    /// </summary>
    public static TrustListSnapshot Open(ReadOnlySpan<byte> signedBytes, X509Certificate2 pinnedOperator) =>
        Open(signedBytes, [pinnedOperator]);

    /// <summary>As <see cref="Open(ReadOnlySpan{byte}, X509Certificate2)"/>, accepting any of the given operator certificates (key rollover).</summary>
    public static TrustListSnapshot Open(ReadOnlySpan<byte> signedBytes, IReadOnlyCollection<X509Certificate2> operators)
    {
        ArgumentNullException.ThrowIfNull(operators);
        if (signedBytes.Length > MaxSignedBytes)
        {
            throw Reject.TooLarge("trust list", MaxSignedBytes);
        }

        var signed = new SignedCms();
        try
        {
            signed.Decode(signedBytes);
        }
        catch (CryptographicException)
        {
            throw Reject.Malformed("trust list");
        }

        if (signed.ContentInfo.ContentType.Value != IdData || signed.SignerInfos.Count != 1)
        {
            throw Reject.Because(ReasonCode.Malformed, "trust list must be one signature over id-data content");
        }

        var signerInfo = signed.SignerInfos[0];
        var signer = signerInfo.Certificate;
        if (signer is null || !operators.Any(o => signer.RawDataMemory.Span.SequenceEqual(o.RawDataMemory.Span)))
        {
            throw Reject.Because(ReasonCode.Untrusted, "trust list is not signed by the pinned operator certificate");
        }

        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            throw Reject.BadSignature("trust list");
        }

        var list = UnknownFields.ParseStrict(TrustList.Parser, signed.ContentInfo.Content, "trust list content");

        return ToSnapshot(list, signer, SHA256.HashData(signedBytes));
    }

    /// <summary>
    /// Decodes a list for display, verifying its signature against the certificate it embeds
    /// only: it says who signed it, not whether that signer is trusted.
    /// </summary>
    public static TrustListSnapshot Inspect(ReadOnlySpan<byte> signedBytes)
    {
        var signed = new SignedCms();
        try
        {
            signed.Decode(signedBytes);
        }
        catch (CryptographicException)
        {
            throw Reject.Malformed("trust list");
        }

        var signer = signed.SignerInfos.Count == 1 ? signed.SignerInfos[0].Certificate : null;
        return signer is null ? throw Reject.Because(ReasonCode.Untrusted, "trust list carries no signer certificate") : Open(signedBytes, [signer]);
    }

    private static TrustListSnapshot ToSnapshot(TrustList list, X509Certificate2 signer, byte[] digest)
    {
        if (list.FormatVersion != 1 || list.IssuedAt is null || list.NextUpdate is null)
        {
            throw Reject.Because(ReasonCode.Malformed, "trust list lacks format version 1, issued-at or next-update");
        }

        var countries = new Dictionary<string, CountryEntry>(StringComparer.Ordinal);
        foreach (var country in list.Countries)
        {
            countries[country.Code] = new CountryEntry(
                country.Code,
                LoadAll(country.Anchors, country.Code),
                LoadAll(country.Intermediates, country.Code),
                country.Crls.Select(c => c.ToByteArray()).ToArray());
        }

        var participants = new Dictionary<ParticipantId, ParticipantEntry>();
        foreach (var participant in list.Participants)
        {
            if (!ParticipantId.TryParse(participant.Id, out var id) || id.Country != participant.Country
                || !countries.ContainsKey(id.Country))
            {
                throw Reject.Because(ReasonCode.Malformed, "trust list has a participant entry with a bad id, country or endpoint");
            }

            participants[id] = new ParticipantEntry(
                id,
                participant.Roles.ToFrozenSet(),
                Endpoints(participant),
                participant.MaySend.ToFrozenSet(),
                participant.MayReceive.ToFrozenSet(),
                [.. participant.EncryptionCertificates.Select(LoadEncryptionCertificate)]);
        }

        static X509Certificate2 LoadEncryptionCertificate(ByteString der)
        {
            try
            {
                return X509CertificateLoader.LoadCertificate(der.Span);
            }
            catch (CryptographicException)
            {
                throw Reject.Because(ReasonCode.Malformed, "trust list has a malformed encryption certificate");
            }
        }

        X509Certificate2? nextOperator = null;
        if (!list.NextOperatorCertificate.IsEmpty)
        {
            try
            {
                nextOperator = X509CertificateLoader.LoadCertificate(list.NextOperatorCertificate.Span);
            }
            catch (CryptographicException)
            {
                throw Reject.Because(ReasonCode.Malformed, "trust list announces a malformed next operator certificate");
            }
        }

        return new TrustListSnapshot(
            list.Sequence,
            list.IssuedAt.ToDateTimeOffset(),
            list.NextUpdate.ToDateTimeOffset(),
            list.Federation,
            countries.ToFrozenDictionary(StringComparer.Ordinal),
            participants.ToFrozenDictionary(),
            signer,
            nextOperator,
            digest,
            list);
    }

    /// <summary>
    /// The participant's endpoints, <c>peer_endpoint</c> first: each an absolute https URL, none
    /// twice (a duplicate would double one replica's share), at most <see cref="MaxPeerEndpoints"/>.
    /// </summary>
    private static Uri[] Endpoints(Participant participant)
    {
        if (1 + participant.PeerEndpoints.Count > MaxPeerEndpoints)
        {
            throw Reject.Because(ReasonCode.Malformed, $"trust list gives a participant more than {MaxPeerEndpoints} endpoints");
        }

        var endpoints = new List<Uri>(1 + participant.PeerEndpoints.Count);
        foreach (var text in participant.PeerEndpoints.Prepend(participant.PeerEndpoint))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
            {
                throw Reject.Because(ReasonCode.Malformed, "trust list has a participant entry with a bad id, country or endpoint");
            }

            if (endpoints.Contains(endpoint))
            {
                throw Reject.Because(ReasonCode.Malformed, "trust list gives a participant the same endpoint twice");
            }

            endpoints.Add(endpoint);
        }

        return [.. endpoints];
    }

    private static X509Certificate2Collection LoadAll(IEnumerable<ByteString> ders, string country)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            foreach (var der in ders)
            {
                collection.Add(X509CertificateLoader.LoadCertificate(der.Span));
            }
        }
        catch (CryptographicException)
        {
            throw Reject.Because(ReasonCode.Malformed, $"trust list has a malformed certificate for country {country}");
        }

        return collection;
    }
}
