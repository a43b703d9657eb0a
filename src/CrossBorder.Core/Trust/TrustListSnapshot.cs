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
