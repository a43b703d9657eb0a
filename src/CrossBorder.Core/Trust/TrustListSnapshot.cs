using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>
/// A verified trust list, immutable. The gateway swaps whole snapshots; one message or one
/// connection is judged against exactly one of them.
/// </summary>
public sealed class TrustListSnapshot
{
    internal TrustListSnapshot(
        ulong sequence,
        DateTimeOffset issuedAt,
        DateTimeOffset nextUpdate,
        string federation,
        FrozenDictionary<string, CountryEntry> countries,
        FrozenDictionary<ParticipantId, ParticipantEntry> participants,
        X509Certificate2 signer,
        X509Certificate2? nextOperator,
        byte[] sha256,
        TrustList document)
    {
        NextOperator = nextOperator;
        Sha256 = sha256;
        Document = document;
        Sequence = sequence;
        IssuedAt = issuedAt;
        NextUpdate = nextUpdate;
        Federation = federation;
        Countries = countries;
        Participants = participants;
        Signer = signer;
    }

    /// <summary>Monotonic sequence number of the list.</summary>
    public ulong Sequence { get; }

    /// <summary>When the operator issued the list.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the operator promises a fresher list.</summary>
    public DateTimeOffset NextUpdate { get; }

    /// <summary>The federation's name.</summary>
    public string Federation { get; }

    /// <summary>Countries by ISO alpha-2 code, with their anchors.</summary>
    public FrozenDictionary<string, CountryEntry> Countries { get; }

    /// <summary>Participants by id.</summary>
    public FrozenDictionary<ParticipantId, ParticipantEntry> Participants { get; }

    /// <summary>The operator certificate that signed the list.</summary>
    public X509Certificate2 Signer { get; }

    /// <summary>The operator certificate this list announces for the next key rollover, if any.</summary>
    public X509Certificate2? NextOperator { get; }

    /// <summary>SHA-256 of the signed list as received.</summary>
    public IReadOnlyList<byte> Sha256 { get; }

    /// <summary>The decoded list, for display. Do not modify.</summary>
    public TrustList Document { get; }

    /// <summary>The participant, or null when the list does not name it.</summary>
    public ParticipantEntry? Find(ParticipantId id) => Participants.GetValueOrDefault(id);
}

/// <summary>A country of the federation and the anchors of its participant PKI.</summary>
/// <param name="Code">ISO 3166-1 alpha-2 code.</param>
/// <param name="Anchors">Trust anchors: a participant's chain must end at one of these.</param>
/// <param name="Intermediates">Untrusted path-building material.</param>
/// <param name="Crls">DER CRLs of the country's CAs.</param>
public sealed record CountryEntry(
    string Code,
    X509Certificate2Collection Anchors,
    X509Certificate2Collection Intermediates,
    IReadOnlyList<byte[]> Crls);

/// <summary>A participant as the trust list describes it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Roles">Its roles in the federation.</param>
/// <param name="PeerEndpoint">Where its peer face listens.</param>
/// <param name="MaySend">Message types it may send.</param>
/// <param name="MayReceive">Message types it may receive.</param>
/// <param name="EncryptionCertificates">Its message encryption certificates, not yet validated: senders validate each before sealing to it.</param>
public sealed record ParticipantEntry(
    ParticipantId Id,
    FrozenSet<ParticipantRole> Roles,
    Uri PeerEndpoint,
    FrozenSet<MessageType> MaySend,
    FrozenSet<MessageType> MayReceive,
    IReadOnlyList<X509Certificate2> EncryptionCertificates);
