using CrossBorder.Contracts.V1;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// What the responder saw of each (sender, message id) and of each GCM nonce, in memory for the
/// run: the sender's rules across deliveries — a resend is the same bytes under the same header
/// ([WS-2-11]), an id names one message ([WS-1-2]), nothing permanently refused comes again
/// ([WS-12-13]), no nonce serves two envelopes ([WS-5-7]) — are judged against it. The store of
/// the inbound pipeline remembers accepted messages only; this remembers every delivery.
/// </summary>
internal sealed class DeliveryMemory
{
    private readonly Dictionary<(string Sender, string MessageId), List<Seen>> _deliveries = [];
    private readonly Dictionary<string, string> _nonces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The checks a delivery gets from the ones before it with the same sender and id.</summary>
    public IReadOnlyList<VerdictCheck> Judge(RouteHeader route, string sealedSha256, string routeSha256)
    {
        List<Seen> earlier;
        lock (_gate)
        {
            earlier = _deliveries.TryGetValue((route.Sender, route.MessageId), out var list) ? [.. list] : [];
        }

        if (earlier.Count == 0)
        {
            return [SenderRequirement.SealOnce.Pass("first delivery of this message id")];
        }

        var checks = new List<VerdictCheck>();
        var resealed = earlier.Any(e => e.RouteSha256 == routeSha256 && e.SealedSha256 != sealedSha256);
        var rerouted = earlier.Any(e => e.SealedSha256 == sealedSha256 && e.RouteSha256 != routeSha256);
        checks.Add(resealed
            ? SenderRequirement.SealOnce.Fail("a resend under the same routing header carries other sealed bytes")
            : rerouted
                ? SenderRequirement.SealOnce.Fail("a resend of the same sealed bytes carries another routing header")
                : SenderRequirement.SealOnce.Pass("a resend carries the same routing header and sealed bytes"));
        if (earlier.Any(e => e.RouteSha256 != routeSha256 && e.SealedSha256 != sealedSha256))
        {
            checks.Add(SenderRequirement.MessageId.Fail("the message id was already used for another message of this sender"));
        }

        if (earlier.Any(e => e.Permanent && e.SealedSha256 == sealedSha256))
        {
            checks.Add(SenderRequirement.NoRetryAfterPermanent.Fail("delivered again after a permanent refusal"));
        }

        return checks;
    }

    /// <summary>Remembers a delivery and whether it was refused for good (a permanent code or a REJECTED receipt).</summary>
    public void Remember(RouteHeader route, string sealedSha256, string routeSha256, bool permanent)
    {
        lock (_gate)
        {
            if (!_deliveries.TryGetValue((route.Sender, route.MessageId), out var list))
            {
                _deliveries[(route.Sender, route.MessageId)] = list = [];
            }

            list.Add(new Seen(sealedSha256, routeSha256, permanent));
        }
    }

    /// <summary>False when <paramref name="nonce"/> already served other sealed bytes; remembers it otherwise.</summary>
    public bool NonceIsFresh(string nonce, string sealedSha256)
    {
        lock (_gate)
        {
            if (_nonces.TryGetValue(nonce, out var first))
            {
                return first == sealedSha256;
            }

            _nonces[nonce] = sealedSha256;
            return true;
        }
    }

    private sealed record Seen(string SealedSha256, string RouteSha256, bool Permanent);
}
