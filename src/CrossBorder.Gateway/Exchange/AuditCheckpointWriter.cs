using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// Signs the audit chain's head with the gateway's signing key and stores it as a checkpoint once
/// <see cref="ExchangeSettings.AuditCheckpointEntries"/> entries were added since the last one, or
/// after <see cref="ExchangeSettings.AuditCheckpointInterval"/>, whichever comes first, and only when
/// the head moved; the host writes a last one at a clean stop (<see cref="CheckpointNowAsync"/>).
/// It also verifies the trail against its checkpoints at start and every hour, and publishes the
/// outcome (<see cref="Status"/>, the <c>crossborder.audit.*</c> gauges). Logs carry numbers only.
/// </summary>
internal sealed class AuditCheckpointWriter : BackgroundService
{
    /// <summary>How often the whole trail is verified again.</summary>
    internal static readonly TimeSpan VerifyEvery = TimeSpan.FromHours(1);

    /// <summary>The longest wait between two looks at the chain's head.</summary>
    internal static readonly TimeSpan PollAtMost = TimeSpan.FromSeconds(5);

    private readonly IAuditTrail _trail;
    private readonly IAuditCheckpoints _checkpoints;
    private readonly IKeyRings _keys;
    private readonly Func<IReadOnlyList<X509Certificate2>> _signers;
    private readonly ExchangeSettings _exchange;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AuditCheckpoint? _last;
    private volatile AuditChainStatus? _status;
    private bool _loaded;
    private DateTimeOffset _since;

    /// <param name="trail">The chain.</param>
    /// <param name="checkpoints">Its checkpoints.</param>
    /// <param name="keys">The key to sign with.</param>
    /// <param name="signers">The certificates a checkpoint of this gateway may be signed by (the signing ring in force and the retired ones), asked at each verification.</param>
    /// <param name="exchange">N and T.</param>
    /// <param name="metrics">Where the outcome is published.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Numbers only.</param>
    public AuditCheckpointWriter(
        IAuditTrail trail,
        IAuditCheckpoints checkpoints,
        IKeyRings keys,
        Func<IReadOnlyList<X509Certificate2>> signers,
        ExchangeSettings exchange,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<AuditCheckpointWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _trail = trail;
        _checkpoints = checkpoints;
        _keys = keys;
        _signers = signers;
        _exchange = exchange;
        _time = time;
        _logger = logger;
        metrics.ObserveAudit(ObserveIntact, ObserveCheckpointAge);
    }

    /// <summary>The last verification of the trail against its checkpoints; null until the first one ran.</summary>
    public AuditChainStatus? Status => _status;

    /// <summary>The last checkpoint stored; null when there is none (or the service has not looked yet).</summary>
    public AuditCheckpoint? LastCheckpoint => _last;

    /// <summary>Signs and stores the head now when it moved past the last checkpoint; the new checkpoint, or null when there was nothing to sign.</summary>
    public async Task<AuditCheckpoint?> CheckpointNowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await WriteAsync(due: _ => true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Verifies the trail against every stored checkpoint now and publishes the outcome.</summary>
    public async Task<AuditVerification> VerifyNowAsync(CancellationToken cancellationToken)
    {
        var verification = await AuditVerifier.VerifyAsync(_trail, _checkpoints, _signers(), [], cancellationToken).ConfigureAwait(false);
        _status = new AuditChainStatus(verification, _time.GetUtcNow());
        if (verification.IsIntact)
        {
            AuditLog.Intact(_logger, verification.Entries, verification.Checkpoints);
        }
        else
        {
            AuditLog.Broken(_logger, verification.Kind.ToString(), verification.FirstBroken ?? 0, verification.Checkpoint ?? 0, verification.Entries, verification.Checkpoints);
        }

        return verification;
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = _exchange.AuditCheckpointInterval < PollAtMost ? _exchange.AuditCheckpointInterval : PollAtMost;
        using var every = new PeriodicTimer(poll, _time);
        DateTimeOffset? verifiedAt = null;
        do
        {
            try
            {
                await _gate.WaitAsync(stoppingToken).ConfigureAwait(false);
                try
                {
                    await WriteAsync(IsDue, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                AuditLog.CheckpointFailed(_logger, ex.GetType().FullName ?? "exception");
            }

            if (verifiedAt is null || _time.GetUtcNow() - verifiedAt >= VerifyEvery)
            {
                try
                {
                    await VerifyNowAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    AuditLog.VerifyFailed(_logger, ex.GetType().FullName ?? "exception");
                }

                verifiedAt = _time.GetUtcNow();
            }
        }
        while (await TickAsync(every, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Takes the newest stored checkpoint as the last one (once at start, and whenever a sibling wrote a newer one); its sequence, 0 when none.</summary>
    private async Task<long> ReadLastAsync(CancellationToken cancellationToken)
    {
        var stored = await _checkpoints.CheckpointsAsync(1, cancellationToken).ConfigureAwait(false);
        if (stored.Count > 0 && (_last is null || stored[0].Sequence > _last.Sequence))
        {
            _last = stored[0];
            _since = _last.At;
        }
        else if (!_loaded)
        {
            _since = _last?.At ?? _time.GetUtcNow();
        }

        _loaded = true;
        return _last?.Sequence ?? 0;
    }

    /// <summary>N entries since the last checkpoint, or T since it (or since the start when there is none).</summary>
    private bool IsDue(AuditHead head) =>
        head.Sequence - (_last?.Sequence ?? 0) >= _exchange.AuditCheckpointEntries ||
        _time.GetUtcNow() - _since >= _exchange.AuditCheckpointInterval;

    /// <summary>Under the gate: signs and stores the head when it moved and <paramref name="due"/> says so.</summary>
    private async Task<AuditCheckpoint?> WriteAsync(Func<AuditHead, bool> due, CancellationToken cancellationToken)
    {
        // The last checkpoint is read each time: replicas sharing a store write them in turn, and a
        // sibling's counts as this one's (one chain, one participant, the same signing key).
        await ReadLastAsync(cancellationToken).ConfigureAwait(false);
        var head = await _checkpoints.HeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.Sequence <= (_last?.Sequence ?? 0) || !due(head))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        AuditCheckpoint checkpoint;
        try
        {
            checkpoint = AuditCheckpoints.Sign(head, now, _keys.SigningIdentity(now));
        }
        catch (RejectedException ex)
        {
            AuditLog.CheckpointFailed(_logger, ex.Reason.Name());
            return null;
        }

        try
        {
            await _checkpoints.AppendCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // A sibling replica stored a checkpoint of this head (or a later one) first: nothing is missing.
            if (await ReadLastAsync(cancellationToken).ConfigureAwait(false) >= checkpoint.Sequence)
            {
                return null;
            }

            throw;
        }

        _last = checkpoint;
        _since = checkpoint.At;
        AuditLog.CheckpointWritten(_logger, checkpoint.Sequence, checkpoint.Signer);
        return checkpoint;
    }

    private IEnumerable<Measurement<int>> ObserveIntact() =>
        _status is { } status ? [new Measurement<int>(status.Verification.IsIntact ? 1 : 0)] : [];

    private IEnumerable<Measurement<double>> ObserveCheckpointAge() =>
        _last is { } last ? [new Measurement<double>(Math.Max(0, (_time.GetUtcNow() - last.At).TotalSeconds))] : [];

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
