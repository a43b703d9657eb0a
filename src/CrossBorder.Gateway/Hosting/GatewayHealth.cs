using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Whether this gateway can exchange at all: NOT_SERVING while the trust list in force is stale
/// (TRUST_LIST_STALE), the store does not answer a cheap read (UNAVAILABLE) or no signing
/// certificate of the key ring is valid now (EXPIRED), each with a fixed sentence for the
/// operator. The one judgement behind the gRPC health service of every face, <c>/healthz</c> and
/// <c>crossborder gateway health</c>. A change of state is logged (events 1601, 1602; a failed store read 1603).
/// </summary>
internal sealed class GatewayHealth(
    TrustListManager trust, OutboxBacklogMonitor backlog, KeyRingProvider keyRings, TimeProvider time, ILogger<GatewayHealth> logger)
{
    /// <summary>How long the store's read may take before it counts as unavailable.</summary>
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private string _lastLogged = "";

    /// <summary>Judges the gateway now.</summary>
    public async Task<GatewayHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = new List<HealthProblem>();
        if (trust.Status == TrustListStatus.Stale)
        {
            problems.Add(new(ReasonCode.TrustListStale, "the trust list in force is past its next update and grace: place a fresh trust list"));
        }

        if (!await StoreAnswersAsync(cancellationToken).ConfigureAwait(false))
        {
            problems.Add(new(ReasonCode.Unavailable, "the store did not answer a read: check the database (the SQLite file, its folder and disk, or the PostgreSQL server and the network to it)"));
        }

        if (keyRings.Rings.Signing.Current(time.GetUtcNow()) is null)
        {
            problems.Add(new(ReasonCode.Expired, "no signing certificate of this gateway is valid now: install a valid signing certificate and key"));
        }

        var report = new GatewayHealthReport(problems);
        LogChange(report);
        return report;
    }

    private async Task<bool> StoreAnswersAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(StoreTimeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await backlog.RefreshAsync(limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            GatewayLog.StoreReadFailed(logger, "timeout");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: a database message may quote what it read.
            GatewayLog.StoreReadFailed(logger, ex.GetType().Name);
            return false;
        }
    }

    private void LogChange(GatewayHealthReport report)
    {
        var codes = report.Codes;
        lock (_gate)
        {
            if (codes == _lastLogged)
            {
                return;
            }

            _lastLogged = codes;
        }

        if (report.IsServing)
        {
            GatewayLog.HealthServing(logger);
        }
        else
        {
            GatewayLog.HealthNotServing(logger, codes);
        }
    }
}

/// <summary>One reason a gateway is not serving: the reason code and what the operator does about it.</summary>
internal sealed record HealthProblem(ReasonCode Reason, string Advice);

/// <summary>A health judgement: serving when there is no problem.</summary>
internal sealed record GatewayHealthReport(IReadOnlyList<HealthProblem> Problems)
{
    public bool IsServing => Problems.Count == 0;

    /// <summary>The reason codes, comma-separated; empty when serving.</summary>
    public string Codes => string.Join(",", Problems.Select(p => p.Reason.Name()));

    /// <summary>The plain text of <c>/healthz</c> and the CLI: SERVING, or NOT_SERVING and a line per problem.</summary>
    public string Text => IsServing
        ? "SERVING\n"
        : "NOT_SERVING\n" + string.Concat(Problems.Select(p => $"{p.Reason.Name()}: {p.Advice}\n"));
}
