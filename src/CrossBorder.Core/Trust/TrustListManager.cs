using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Keeps the trust list in force. A new list is accepted only when it is signed by the
/// operator in force (or the successor the list in force announced), its sequence number is
/// higher than any ever accepted (persisted: a restart does not reopen rollback), and it is not
/// past next-update plus grace. A refused list leaves the last good one in force. When the list
/// in force goes stale, exchange stops (TRUST_LIST_STALE) with an alarm until a fresh list arrives.
/// </summary>
public sealed class TrustListManager
{
    private readonly ITrustStateStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private TrustListSnapshot? _current;
    private TrustState? _state;
    private X509Certificate2 _operator;
    private TrustListStatus _lastReportedStatus = TrustListStatus.Fresh;

    /// <summary>Creates the manager; <paramref name="pinnedOperator"/> is the configured operator certificate.</summary>
    public TrustListManager(X509Certificate2 pinnedOperator, ITrustStateStore store, TimeProvider time, TimeSpan grace, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time;
        _grace = grace;
        _logger = logger;
        _state = store.Load();
        _operator = _state?.OperatorCertificate is { } der ? X509CertificateLoader.LoadCertificate(der) : pinnedOperator;
    }

    /// <summary>Raised with the reason code of each list refused (the metrics count them).</summary>
    public event Action<ReasonCode>? Refused;

    /// <summary>The trust list in force, or null before one was accepted.</summary>
    public TrustListSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The operator certificate whose signature is accepted now.</summary>
    public X509Certificate2 Operator => Volatile.Read(ref _operator);

    /// <summary>How long after its nextUpdate a list is still used (in grace) before exchange stops.</summary>
    public TimeSpan Grace => _grace;

    /// <summary>The status of the list in force at this moment.</summary>
    public TrustListStatus Status
    {
        get
        {
            var current = Current;
            var now = _time.GetUtcNow();
            return current is null || now > current.NextUpdate + _grace ? TrustListStatus.Stale
                : now > current.NextUpdate ? TrustListStatus.InGrace
                : TrustListStatus.Fresh;
        }
    }

    /// <summary>The list in force if exchange may use it; otherwise a TRUST_LIST_STALE refusal.</summary>
    public TrustListSnapshot RequireUsable() =>
        Status != TrustListStatus.Stale && Current is { } current
            ? current
            : throw Reject.Because(ReasonCode.TrustListStale, "the trust list in force is past its next update plus grace; exchange is suspended");

    /// <summary>Offers a signed trust list; returns the list in force afterwards, or throws the refusal (the last good list stays in force).</summary>
    public TrustListSnapshot Offer(ReadOnlySpan<byte> signedList)
    {
        lock (_gate)
        {
            try
            {
                return Accept(signedList);
            }
            catch (RejectedException ex)
            {
                Refused?.Invoke(ex.Reason);
                TrustLog.Refused(_logger, ex.Reason.Name(), ex.Message, Current?.Sequence ?? 0);
                throw;
            }
        }
    }

    /// <summary>Logs a change of status: the grace warning, the stale alarm, the resumption.</summary>
    public TrustListStatus ReportStatus()
    {
        lock (_gate)
        {
            return ReportStatusLocked();
        }
    }

    private TrustListStatus ReportStatusLocked()
    {
        var status = Status;
        var current = Current;
        if (status != _lastReportedStatus && current is not null)
        {
            switch (status)
            {
                case TrustListStatus.InGrace:
                    TrustLog.InGrace(_logger, current.Sequence, current.NextUpdate, current.NextUpdate + _grace);
                    break;
                case TrustListStatus.Stale:
                    TrustLog.Stale(_logger, current.Sequence, current.NextUpdate + _grace);
                    break;
                case TrustListStatus.Fresh when _lastReportedStatus == TrustListStatus.Stale:
                    TrustLog.Resumed(_logger, current.Sequence);
                    break;
            }
        }

        _lastReportedStatus = status;
        return status;
    }

    private TrustListSnapshot Accept(ReadOnlySpan<byte> signedList)
    {
        var current = Current;
        var operators = new List<X509Certificate2> { Operator };
        if (current?.NextOperator is { } next)
        {
            operators.Add(next);
        }

        var offered = TrustListCodec.Open(signedList, operators);
        if (current is not null && offered.Sha256.SequenceEqual(current.Sha256))
        {
            return current;
        }

        var highest = _state?.HighestSequence ?? 0;
        var sameAsRemembered = _state is not null && offered.Sequence == highest && offered.Sha256.SequenceEqual(_state.HighestSha256);
        if (offered.Sequence <= highest && !sameAsRemembered)
        {
            throw Reject.Because(ReasonCode.Rollback, $"trust list sequence {offered.Sequence} is not higher than {highest}, the highest ever accepted");
        }

        // The list remembered from before a restart is the last good one even when stale: it is kept
        // (and exchange stays suspended) until a fresh list arrives. A new stale list is refused.
        var now = _time.GetUtcNow();
        if (now > offered.NextUpdate + _grace && !sameAsRemembered)
        {
            throw Reject.Because(ReasonCode.TrustListStale, $"trust list sequence {offered.Sequence} is past its next update ({offered.NextUpdate:u}) plus grace");
        }

        var rolledOver = !offered.Signer.RawDataMemory.Span.SequenceEqual(Operator.RawDataMemory.Span);
        if (!sameAsRemembered)
        {
            _state = new TrustState(offered.Sequence, [.. offered.Sha256], rolledOver || _state?.OperatorCertificate is not null ? offered.Signer.RawData : null);
            _store.Save(_state);
        }

        if (rolledOver)
        {
            Volatile.Write(ref _operator, offered.Signer);
            TrustLog.OperatorRolledOver(_logger, offered.Signer.Subject, offered.Sequence);
        }

        Volatile.Write(ref _current, offered);
        TrustLog.Accepted(_logger, offered.Sequence, offered.IssuedAt, offered.NextUpdate, offered.Signer.Subject);
        return offered;
    }
}
