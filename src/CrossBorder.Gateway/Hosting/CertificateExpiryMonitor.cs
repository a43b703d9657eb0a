using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Days until each of this gateway's certificates and each peer certificate seen expires: the
/// gauge <c>crossborder.certificate.time_to_expiry</c> (seconds; tags owner, participant, use, successor) and
/// a log line at start; fewer than <see cref="WarningDays"/> days left is a warning, unless a
/// successor is in place in the same key ring (a valid certificate that stays valid longer), then it
/// is information. The key rings are read as they are in force, so a certificate added while
/// running is reported without a restart.
/// </summary>
internal sealed class CertificateExpiryMonitor
{
    public const int WarningDays = 30;

    private readonly TimeProvider _time;
    private readonly string _self;
    private readonly DateTimeOffset _tls;
    private readonly DateTimeOffset _localServer;
    private readonly KeyRingProvider _keyRings;

    // Expiry times, never certificates: a peer's certificate belongs to its TLS connection and is
    // disposed with it, so holding it would fail the next handshake of that peer.
    private readonly ConcurrentDictionary<(string Participant, string Use), DateTimeOffset> _peers = new();

    public CertificateExpiryMonitor(
        ParticipantId participant, X509Certificate2 tlsCertificate, X509Certificate2 localServerCertificate, KeyRingProvider keyRings, GatewayMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(metrics);
        _time = time;
        _self = participant.ToString();
        _tls = NotAfter(tlsCertificate);
        _localServer = NotAfter(localServerCertificate);
        _keyRings = keyRings;
        metrics.ObserveCertificateExpiry(Observe);
    }

    /// <summary>Remembers the newest certificate a peer presented for a use.</summary>
    public void RecordPeer(ParticipantId participant, string use, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notAfter = NotAfter(certificate);
        _peers.AddOrUpdate((participant.ToString(), use), notAfter, (_, known) => notAfter > known ? notAfter : known);
    }

    /// <summary>Every certificate's days to expiry and whether a successor is in place (always false for peers and TLS, which have no ring).</summary>
    public IReadOnlyList<(string Owner, string Participant, string Use, double Days, bool Successor)> Report() =>
        [.. Own().Concat(_peers.Select(kv => ("peer", kv.Key.Participant, kv.Key.Use, DaysLeft(kv.Value), false)))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.Item3, StringComparer.Ordinal)];

    public void LogOwn(ILogger logger)
    {
        foreach (var (_, participant, use, days, successor) in Report().Where(r => r.Owner == "self"))
        {
            var whole = Math.Floor(days);
            if (days >= WarningDays)
            {
                GatewayLog.CertificateExpiry(logger, participant, use, whole, successor);
            }
            else if (successor)
            {
                GatewayLog.CertificateExpiresWithSuccessor(logger, participant, use, whole);
            }
            else
            {
                GatewayLog.CertificateExpiresSoon(logger, participant, use, whole);
            }
        }
    }

    private IEnumerable<(string, string, string, double, bool)> Own()
    {
        var now = _time.GetUtcNow();
        yield return ("self", _self, "tls", DaysLeft(_tls), false);
        yield return ("self", _self, "local-server", DaysLeft(_localServer), false);
        var rings = _keyRings.Rings;
        foreach (var (ring, use) in new[] { (rings.Signing, "signing"), (rings.Encryption, "encryption") })
        {
            for (var i = 0; i < ring.Certificates.Count; i++)
            {
                var certificate = ring.Certificates[i];
                var name = i == 0 ? use : string.Create(CultureInfo.InvariantCulture, $"{use}-rollover-{i}");
                yield return ("self", _self, name, DaysLeft(NotAfter(certificate)), ring.SuccessorOf(certificate, now) is not null);
            }
        }
    }

    private static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());

    private double DaysLeft(DateTimeOffset notAfter) => (notAfter - _time.GetUtcNow()).TotalDays;

    private IEnumerable<Measurement<double>> Observe() => Report().Select(r => new Measurement<double>(TimeSpan.FromDays(r.Days).TotalSeconds,
        new KeyValuePair<string, object?>("owner", r.Owner),
        new KeyValuePair<string, object?>("participant", r.Participant),
        new KeyValuePair<string, object?>("use", r.Use),
        new KeyValuePair<string, object?>("successor", r.Successor ? "true" : "false")));
}
