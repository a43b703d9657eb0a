using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Days until each of this gateway's certificates and each peer certificate seen expires: the
/// gauge <c>crossborder.certificate.days_to_expiry</c> (tags owner, participant, use) and a log
/// line at start, a warning when fewer than <see cref="WarningDays"/> days are left.
/// </summary>
internal sealed class CertificateExpiryMonitor
{
    public const int WarningDays = 30;

    private readonly TimeProvider _time;
    // Expiry times, never certificates: a peer's certificate belongs to its TLS connection and is
    // disposed with it, so holding it would fail the next handshake of that peer.
    private readonly ConcurrentDictionary<(string Owner, string Participant, string Use), DateTimeOffset> _certificates = new();

    public CertificateExpiryMonitor(GatewayRuntime runtime, GatewayMetrics metrics, TimeProvider time)
    {
        _time = time;
        var self = runtime.Participant.ToString();
        _certificates[("self", self, "tls")] = NotAfter(runtime.TlsCertificate);
        for (var i = 0; i < runtime.Signing.All.Count; i++)
        {
            _certificates[("self", self, i == 0 ? "signing" : $"signing-rollover-{i}")] = NotAfter(runtime.Signing.All[i]);
        }

        for (var i = 0; i < runtime.Encryption.All.Count; i++)
        {
            _certificates[("self", self, i == 0 ? "encryption" : $"encryption-rollover-{i}")] = NotAfter(runtime.Encryption.All[i]);
        }

        _certificates[("self", self, "local-server")] = NotAfter(runtime.LocalServerCertificate);
        metrics.ObserveCertificateExpiry(Observe);
    }

    /// <summary>Remembers the newest certificate a peer presented for a use.</summary>
    public void RecordPeer(ParticipantId participant, string use, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notAfter = NotAfter(certificate);
        _certificates.AddOrUpdate(("peer", participant.ToString(), use), notAfter, (_, known) => notAfter > known ? notAfter : known);
    }

    public IReadOnlyList<(string Owner, string Participant, string Use, double Days)> Report() =>
        [.. _certificates.Select(kv => (kv.Key.Owner, kv.Key.Participant, kv.Key.Use, DaysLeft(kv.Value)))
            .OrderBy(r => r.Owner, StringComparer.Ordinal).ThenBy(r => r.Participant, StringComparer.Ordinal).ThenBy(r => r.Use, StringComparer.Ordinal)];

    public void LogOwn(ILogger logger)
    {
        foreach (var (owner, participant, use, days) in Report().Where(r => r.Owner == "self"))
        {
            if (days < WarningDays)
            {
                GatewayLog.CertificateExpiresSoon(logger, participant, use, Math.Floor(days));
            }
            else
            {
                GatewayLog.CertificateExpiry(logger, participant, use, Math.Floor(days));
            }
        }
    }

    private static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());

    private double DaysLeft(DateTimeOffset notAfter) => (notAfter - _time.GetUtcNow()).TotalDays;

    private IEnumerable<Measurement<double>> Observe() => Report().Select(r => new Measurement<double>(r.Days,
        new KeyValuePair<string, object?>("owner", r.Owner),
        new KeyValuePair<string, object?>("participant", r.Participant),
        new KeyValuePair<string, object?>("use", r.Use)));
}
