using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>Section 8: an authenticated message out of its lifetime gets a signed REJECTED receipt with STALE.</summary>
internal static class FreshnessCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Stale("freshness.expired", "an envelope that expired a minute before it arrived",
            (header, now) => Times(header, now.AddDays(-3), now.AddMinutes(-1)));
        yield return Stale("freshness.not-yet-valid", "an envelope created two hours in the future",
            (header, now) => Times(header, now.AddHours(2), now.AddHours(3)));
        yield return Stale("freshness.too-long-lived", "an envelope with a lifetime of 400 days",
            (header, now) => Times(header, now, now.AddDays(400)));
    }

    private static ConformanceCase Stale(string id, string what, Action<InnerHeader, DateTimeOffset> adjust)
    {
        var expectation = $"{what} is answered with a signed REJECTED receipt with STALE";
        return WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var now = run.Time.GetUtcNow();
            var (envelope, skipped) = run.Envelopes.Seal(type, h => adjust(h, now));
            return envelope is null
                ? PolicySkip(expectation, skipped!)
                : Expect.Rejected(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.Stale);
        });
    }

    private static void Times(InnerHeader header, DateTimeOffset created, DateTimeOffset expires)
    {
        header.Route.CreatedAt = Timestamp.FromDateTimeOffset(created);
        header.Route.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
    }
}
