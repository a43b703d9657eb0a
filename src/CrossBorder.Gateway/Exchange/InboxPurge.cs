using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// Purges the sealed bytes of inbox messages acknowledged longer ago than the retention, and of every
/// message whose payload's erasure date has begun (unacknowledged ones become EXPIRED_UNREAD), at
/// start and every 30 seconds: ids, digest, receipt and audit entries remain.
/// Apart from the outbox dispatcher, so that scheduling deliveries and keeping the inbox small
/// are two jobs; a failed pass is logged by exception type only and tried again at the next one.
/// </summary>
internal sealed class InboxPurge(IInboxStore inbox, ExchangeSettings exchange, TimeProvider time, ILogger<InboxPurge> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromSeconds(30);

    /// <summary>Messages erased per transaction: a long backlog is worked through in short writes.</summary>
    private const int EraseBatch = 500;

    /// <summary>Purges now what the retention allows; how many messages.</summary>
    public async Task<int> PurgeNowAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purged = await inbox.PurgeAsync(now - exchange.InboxRetention, now, cancellationToken).ConfigureAwait(false);
        int erased;
        do
        {
            erased = await inbox.EraseDueAsync(now, EraseBatch, cancellationToken).ConfigureAwait(false);
            purged += erased;
        }
        while (erased == EraseBatch);

        if (purged > 0)
        {
            ExchangeLog.Purged(logger, purged);
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var every = new PeriodicTimer(PurgeEvery, time);
        do
        {
            try
            {
                await PurgeNowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ExchangeLog.PurgeFailed(logger, ex.GetType().FullName ?? "exception");
            }
        }
        while (await TickAsync(every, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> TickAsync(PeriodicTimer every, CancellationToken stoppingToken)
    {
        try
        {
            return await every.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
