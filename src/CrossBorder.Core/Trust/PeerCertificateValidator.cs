using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;

using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Decides whether a certificate presented by another gateway belongs to a participant of the
/// trust list: it names exactly one participant, its path ends at that participant's own
/// country anchor (a country's CA cannot vouch for another country's participant), it is fit
/// for the purpose, and the trust list lists the participant.
/// </summary>
public sealed class PeerCertificateValidator
{
    /// <summary>How long an accepted path is remembered; bounds how late a change of time-dependent facts is noticed.</summary>
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private const int CacheCapacity = 4096;

    private readonly Func<TrustListSnapshot> _trust;
    private readonly TimeProvider _time;
    private readonly RevocationPolicy _revocation;
    private readonly CrlStore? _fetchedCrls;
    private readonly PathValidation.PathValidator _paths = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CacheKey, CacheEntry> _accepted = new();

    /// <summary>Creates a validator that reads the trust list in force at each call; revocation hard-fails.</summary>
    public PeerCertificateValidator(Func<TrustListSnapshot> trust, TimeProvider time)
        : this(trust, time, RevocationPolicy.HardFail)
    {
    }

    /// <summary>
    /// Creates a validator that reads the trust list in force at each call. Every certificate of
    /// a path except the anchor must be covered by a current CRL of the trust list (or one within
    /// the soft-fail window of <paramref name="revocation"/>).
    /// </summary>
    public PeerCertificateValidator(Func<TrustListSnapshot> trust, TimeProvider time, RevocationPolicy revocation, CrlStore? fetchedCrls = null)
    {
        _trust = trust;
        _time = time;
        _revocation = revocation;
        _fetchedCrls = fetchedCrls;
    }

    /// <summary>
    /// Validates a peer certificate; <paramref name="expected"/> pins the participant when we
    /// dialled it. An accepted path is cached per certificate and purpose while the trust list
    /// snapshot is the same one, for at most a few minutes and never past the certificate's expiry.
    /// With <paramref name="trustListStale"/> (the trust list in force is stale, and its revocation
    /// data with it) a certificate whose only fault is REVOCATION_UNKNOWN is answered
    /// TRUST_LIST_STALE, never accepted.
    /// </summary>
    public PeerValidation Validate(
        X509Certificate2 certificate,
        X509Certificate2Collection? presentedChain,
        CertificatePurpose purpose,
        ParticipantId? expected = null,
        bool trustListStale = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (PathLimits.TooManyPresented(presentedChain) is { } tooMany)
        {
            return PeerValidation.Refused(ReasonCode.PathLimit, tooMany);
        }

        var trust = _trust();
        var now = _time.GetUtcNow();
        var key = new CacheKey(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawDataMemory.Span)), purpose);
        var crlVersion = _fetchedCrls?.Version ?? 0;
        if (_accepted.TryGetValue(key, out var cached) && ReferenceEquals(cached.Trust, trust) && cached.CrlVersion == crlVersion && now < cached.Until)
        {
            return expected is null || expected == cached.Result.Participant
                ? cached.Result
                : PeerValidation.Refused(ReasonCode.NotAuthorized, $"peer is {cached.Result.Participant}, expected {expected}", cached.Result.Participant);
        }

        var result = ValidateUncached(certificate, presentedChain, purpose, trust, now, trustListStale);
        if (result.IsAccepted)
        {
            if (_accepted.Count >= CacheCapacity)
            {
                _accepted.Clear();
            }

            // Never remember an acceptance past the moment the revocation data behind it goes stale.
            var crlsStale = trust.Countries.TryGetValue(result.Participant!.Country, out var country)
                && Crls(country).StaleAt() is { } next ? next + _revocation.StaleGrace : DateTimeOffset.MaxValue;
            var until = new[] { now + CacheLifetime, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), crlsStale }.Min();
            _accepted[key] = new CacheEntry(trust, crlVersion, until, result);
        }

        if (result.IsAccepted && expected is not null && expected != result.Participant)
        {
            return PeerValidation.Refused(ReasonCode.NotAuthorized, $"peer is {result.Participant}, expected {expected}", result.Participant);
        }

        return result;
    }

    private PeerValidation ValidateUncached(
        X509Certificate2 certificate, X509Certificate2Collection? presentedChain, CertificatePurpose purpose, TrustListSnapshot trust, DateTimeOffset now,
        bool trustListStale)
    {
        if (!ParticipantId.TryFromCertificate(certificate, out var id))
        {
            return PeerValidation.Refused(ReasonCode.NotAuthorized, "certificate does not name exactly one participant");
        }

        if (!trust.Countries.TryGetValue(id.Country, out var country))
        {
            return PeerValidation.Refused(ReasonCode.Untrusted, $"no anchors for country {id.Country}", id);
        }

        var untrusted = new X509Certificate2Collection(country.Intermediates);
        if (presentedChain is not null)
        {
            untrusted.AddRange(presentedChain);
        }

        var path = _paths.Validate(new PathValidation.PathValidationRequest(certificate, [.. country.Anchors], now)
        {
            Intermediates = [.. untrusted],
            Crls = Crls(country).All,
            RevocationRequired = true,
            RevocationGrace = _revocation.StaleGrace,
            RevocationMayBeStale = trustListStale,
            Purpose = purpose,
        }).Check;
        if (!path.IsAccepted)
        {
            return PeerValidation.Refused(path.Reason, path.Detail, id);
        }

        if (trust.Find(id) is null)
        {
            return PeerValidation.Refused(ReasonCode.NotAuthorized, $"participant {id} is not in the trust list", id);
        }

        return new PeerValidation(id, ReasonCode.Unspecified, "accepted");
    }

    private CountryCrls Crls(CountryEntry country) => new(_fetchedCrls?.For(country) ?? country.Crls);

    private readonly record struct CountryCrls(IReadOnlyList<byte[]> All)
    {
        public DateTimeOffset? StaleAt() => PathValidation.CrlSet.TryParse(All)?.StaleAt();
    }

    private readonly record struct CacheKey(string CertificateSha256, CertificatePurpose Purpose);

    private sealed record CacheEntry(TrustListSnapshot Trust, int CrlVersion, DateTimeOffset Until, PeerValidation Result);
}
