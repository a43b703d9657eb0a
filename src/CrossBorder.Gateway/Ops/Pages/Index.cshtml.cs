using System.Data.Common;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>The overview: the state of everything the exchange depends on, at a glance.</summary>
internal sealed class IndexModel(
    TrustListManager trust,
    PolicyInForce policy,
    CrlStore crls,
    CertificateExpiryMonitor expiry,
    IMessageStore store,
    AuditChainCheck audit,
    CheckpointList checkpoints,
    ExchangeSettings exchange,
    TimeProvider time) : PageModel
{
    /// <summary>The charts' window and bucket.</summary>
    public static readonly TimeSpan ChartWindow = TimeSpan.FromHours(1);

    public static readonly TimeSpan ChartBucket = TimeSpan.FromMinutes(1);

    public DateTimeOffset Now { get; private set; }

    public TrustListSnapshot? Trust { get; private set; }

    public TrustListStatus TrustStatus { get; private set; }

    public TimeSpan Grace => trust.Grace;

    /// <summary>Which store, where, and (on PostgreSQL) which replica this gateway is; never a password.</summary>
    public string Store => exchange.StoreDescription;

    public MinimizationPolicy Policy => policy.Current;

    public IReadOnlyList<(string Country, DateTimeOffset? StaleAt)> Crls { get; private set; } = [];

    public IReadOnlyList<(string Participant, string Use, double Days, bool Successor)> Certificates { get; private set; } = [];

    /// <summary>Null when the store could not be read.</summary>
    public IReadOnlyDictionary<OutboxState, long>? Outbox { get; private set; }

    public IReadOnlyDictionary<InboxState, long>? Inbox { get; private set; }

    public IReadOnlyList<RateBucket> Rates { get; private set; } = [];

    public AuditCheckResult? Audit { get; private set; }

    /// <summary>The newest signed checkpoint of the audit chain; null, shown as "no checkpoint yet", before the first.</summary>
    public AuditCheckpointView? LastCheckpoint { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Trust = trust.Current;
        TrustStatus = trust.Status;
        Crls = Trust is null ? [] : [.. Trust.Countries.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, crls.StaleAt(c.Value)))];
        Certificates = [.. expiry.Report().Where(r => r.Owner == "self").Select(r => (r.Participant, r.Use, r.Days, r.Successor))];
        try
        {
            Outbox = await store.OutboxCountsAsync(cancellationToken).ConfigureAwait(false);
            Inbox = await store.InboxCountsAsync(cancellationToken).ConfigureAwait(false);
            Rates = await store.RatesAsync(Now - ChartWindow, Now, ChartBucket, cancellationToken).ConfigureAwait(false);
            Audit = await audit.RecentAsync(cancellationToken).ConfigureAwait(false);
            LastCheckpoint = await checkpoints.NewestAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            Outbox = null;
            Inbox = null;
            Audit = audit.Last;
        }
    }
}
