using System.Diagnostics;
using CrossBorder.Conformance.Cases;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;

namespace CrossBorder.Conformance;

/// <summary>
/// Plays the cases, one after the other, against the target's peer face as the profile's
/// participant. The target is first identified by its TLS server certificate; when it cannot be,
/// every other case is skipped with that reason (and transport.server-identity fails).
/// </summary>
internal static class ConformanceRunner
{
    public static async Task<ConformanceReport> RunAsync(
        SenderCredentials credentials, Uri address, int? onlySection, TimeProvider time, CancellationToken cancellationToken,
        IReadOnlyList<ConformanceCase>? cases = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var run = new CaseRun(credentials, address, time);
        await run.IdentifyAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<CaseResult>();
        foreach (var item in cases ?? CaseCatalog.All())
        {
            if (onlySection is { } only && item.Spec.Section != only)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var verdict = await PlayAsync(run, item, cancellationToken).ConfigureAwait(false);
            results.Add(new CaseResult(item.Spec, item.Expectation, verdict, Stopwatch.GetElapsedTime(started)));
        }

        return new ConformanceReport(credentials.Participant.ToString(), address.ToString(), run.Target?.Id.ToString(), results);
    }

    private static async Task<CaseVerdict> PlayAsync(CaseRun run, ConformanceCase item, CancellationToken cancellationToken)
    {
        if (run.Target is null && item.Spec.Id != "transport.server-identity")
        {
            return CaseVerdict.Skip(item.Expectation, "the target did not prove to be a participant of the trust list (see transport.server-identity)");
        }

        try
        {
            return await item.Run(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The harness could not play the case (e.g. the target's certificates do not fit the profile): say so, never pass.
            return CaseVerdict.Fail(item.Expectation, $"the case could not be played: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
