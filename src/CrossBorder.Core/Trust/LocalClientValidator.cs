using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;

using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Decides whether a certificate on the local face belongs to a local client of this gateway:
/// issued by the gateway's own local CA (never a country CA), naming this participant and a
/// configured local role. An acceptance is remembered per certificate for a few minutes and never
/// past the certificate's expiry, so that a local client's calls do not each build its path again.
/// </summary>
public sealed class LocalClientValidator
{
    /// <summary>How long an accepted certificate is remembered (the path does not change; time does).</summary>
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private const int CacheCapacity = 1024;

    private readonly ParticipantId _participant;
    private readonly X509Certificate2Collection _localCa;
    private readonly IReadOnlySet<string> _roles;
    private readonly TimeProvider _time;
    private readonly IReadOnlySet<string> _revoked;
    private readonly PathValidation.PathValidator _paths = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset Until, LocalValidation Result)> _accepted = new(StringComparer.Ordinal);

    /// <summary>Creates the validator for one gateway; <paramref name="revoked"/> holds SHA-256 fingerprints (upper-case hex) of withdrawn client certificates.</summary>
    public LocalClientValidator(ParticipantId participant, X509Certificate2Collection localCa, IReadOnlySet<string> roles, TimeProvider time, IReadOnlySet<string>? revoked = null)
    {
        _revoked = revoked ?? new HashSet<string>();
        _participant = participant;
        _localCa = localCa;
        _roles = roles;
        _time = time;
    }

    /// <summary>Validates a local client certificate.</summary>
    public LocalValidation Validate(X509Certificate2 certificate, X509Certificate2Collection? presentedChain)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (PathLimits.TooManyPresented(presentedChain) is { } tooMany)
        {
            return new LocalValidation(null, ReasonCode.PathLimit, tooMany);
        }

        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawDataMemory.Span));
        if (_revoked.Count > 0 && _revoked.Contains(fingerprint))
        {
            return new LocalValidation(null, ReasonCode.Revoked, "this local client certificate was withdrawn");
        }

        var now = _time.GetUtcNow();
        if (_accepted.TryGetValue(fingerprint, out var cached) && now < cached.Until)
        {
            return cached.Result;
        }

        var result = ValidateUncached(certificate, presentedChain, now);
        if (result.IsAccepted)
        {
            if (_accepted.Count >= CacheCapacity)
            {
                _accepted.Clear();
            }

            // Never past the expiry of the client certificate or of the local CA that issued it.
            var expires = new DateTimeOffset(_localCa.Select(ca => ca.NotAfter).Append(certificate.NotAfter).Min().ToUniversalTime());
            _accepted[fingerprint] = (now + CacheLifetime < expires ? now + CacheLifetime : expires, result);
        }

        return result;
    }

    private LocalValidation ValidateUncached(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, DateTimeOffset now)
    {
        // The local CA publishes no CRLs: a withdrawn client is listed by fingerprint (checked above).
        var path = _paths.Validate(new PathValidation.PathValidationRequest(certificate, [.. _localCa], now)
        {
            Intermediates = presentedChain is null ? [] : [.. presentedChain],
            RevocationRequired = false,
            Purpose = CertificatePurpose.TlsClient,
        }).Check;
        if (!path.IsAccepted)
        {
            return new LocalValidation(null, path.Reason, path.Detail);
        }

        var ids = SubjectAltNames.Uris(certificate)
            .Select(u => LocalClientId.TryParseUri(u, out var id) ? id : null)
            .OfType<LocalClientId>()
            .ToList();
        if (ids.Count != 1)
        {
            return new LocalValidation(null, ReasonCode.NotAuthorized, "certificate does not name exactly one local client");
        }

        var client = ids[0];
        if (client.Participant != _participant)
        {
            return new LocalValidation(null, ReasonCode.NotAuthorized, $"local client of {client.Participant}, not of {_participant}");
        }

        if (!_roles.Contains(client.Role))
        {
            return new LocalValidation(null, ReasonCode.NotAuthorized, $"local role {client.Role} is not configured");
        }

        return new LocalValidation(client, ReasonCode.Unspecified, "accepted");
    }
}
