using System.Net;
using CrossBorder.Conformance.Responder;
using CrossBorder.Conformance.Target;

namespace CrossBorder.Conformance.Tests.Infrastructure;

/// <summary>A reference responder serving as a participant of a dev federation, its verdicts in a file of a test's folder.</summary>
internal sealed class ResponderRun : IAsyncDisposable
{
    private ResponderRun(ReferenceResponder responder, string verdicts)
    {
        Responder = responder;
        VerdictsPath = verdicts;
    }

    public ReferenceResponder Responder { get; }

    public string VerdictsPath { get; }

    public Uri Address => Responder.Address;

    public IReadOnlyList<DeliveryVerdict> Verdicts => VerdictFile.Read(VerdictsPath);

    /// <summary>Starts as <paramref name="profilePath"/>'s participant on <paramref name="port"/> of 127.0.0.1 (0: a free one).</summary>
    public static async Task<ResponderRun> StartAsync(string profilePath, string verdictsPath, int port = 0)
    {
        using var limit = Eventually.Within(TimeSpan.FromSeconds(15));
        var responder = await ReferenceResponder.StartAsync(ConformanceProfile.Load(profilePath), new IPEndPoint(IPAddress.Loopback, port), verdictsPath, TimeProvider.System, limit.Token);
        return new ResponderRun(responder, verdictsPath);
    }

    /// <summary>The failed checks of a verdict, as requirement ids in order.</summary>
    public static IEnumerable<string> Failed(DeliveryVerdict verdict) => verdict.Checks.Where(c => c.IsFailed).Select(c => c.Requirement);

    public ValueTask DisposeAsync() => Responder.DisposeAsync();
}
