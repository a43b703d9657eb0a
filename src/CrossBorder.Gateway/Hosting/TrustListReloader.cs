using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Watches the trust list file and the policy file: a changed trust list is offered to the trust
/// list manager (which accepts it or keeps the last good list and says why), a changed policy is
/// reloaded (kept only without errors), changed key files give new key rings (kept only when they
/// load); every tick reports the trust status so that the grace
/// warning, the stale alarm and the resumption are logged when they happen.
/// </summary>
internal sealed class TrustListReloader(
    WatchedFiles files,
    TrustListManager trust,
    PolicyInForce policy,
    KeyRingProvider keyRings,
    TimeProvider time,
    RevocationMonitor revocation,
    CrlFetcher crls,
    ILogger<TrustListReloader> logger)
    : BackgroundService
{
    private (DateTime Written, long Length)? _seen;
    private (DateTime Written, long Length)? _policySeen = Stamp(files.Policy);

    /// <summary>Fetches due CRLs (all of them when <paramref name="forceFetch"/>), then checks the files; what a tick does.</summary>
    public async Task TickAsync(CancellationToken cancellationToken, bool forceFetch = false)
    {
        await crls.FetchIfDueAsync(cancellationToken, forceFetch).ConfigureAwait(false);
        CheckNow();
    }

    private readonly object _gate = new();

    public void CheckNow()
    {
        // The timer and an operator-triggered check may meet here.
        lock (_gate)
        {
            CheckNowLocked();
        }
    }

    private void CheckNowLocked()
    {
        var file = new FileInfo(files.TrustList);
        if (file.Exists && (file.LastWriteTimeUtc, file.Length) != _seen)
        {
            _seen = (file.LastWriteTimeUtc, file.Length);
            try
            {
                trust.Offer(File.ReadAllBytes(file.FullName));
            }
            catch (RejectedException)
            {
                // Logged by the manager; the last good list stays in force.
            }
            catch (IOException)
            {
                _seen = null; // being replaced right now: read it again next tick
            }
        }

        trust.ReportStatus();
        revocation.Report(logger);
        ReloadPolicyIfChanged();
        keyRings.Refresh(); // a refused load is logged; the rings in force stay
    }

    private static (DateTime, long)? Stamp(string? path) =>
        path is not null && new FileInfo(path) is { Exists: true } file ? (file.LastWriteTimeUtc, file.Length) : null;

    private void ReloadPolicyIfChanged()
    {
        var stamp = Stamp(files.Policy);
        if (files.Policy is null || stamp is null || stamp == _policySeen)
        {
            return;
        }

        _policySeen = stamp;
        try
        {
            policy.TryReload(File.ReadAllText(files.Policy), files.Policy); // errors are logged; the last good policy stays
        }
        catch (IOException)
        {
            _policySeen = null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var file = new FileInfo(files.TrustList);
        _seen = file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
        trust.ReportStatus();
        revocation.Report(logger);
        using var timer = new PeriodicTimer(files.Poll, time);
        try
        {
            await crls.FetchIfDueAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
