using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;

namespace CrossBorder.Conformance.Tests.Infrastructure;

/// <summary>Runs the whole catalogue as IT/NCP (the dev federation's conformance profile) against a peer face.</summary>
internal static class Harness
{
    public const string Sender = "IT/NCP";
    public const string Target = "AL/NCP";

    /// <summary>The cases the dev federation's trust list leaves unplayable from IT/NCP to AL/NCP: types IT/NCP may not send there.</summary>
    public static readonly string[] NotAllowedBetweenThem =
    [
        "receipts.identity-confirmation-request",
        "receipts.identity-confirmation-response",
        "receipts.law-enforcement-information",
    ];

    /// <summary>The cases that need a target with an RSA encryption certificate; AL/NCP's is EC (GR/NCP's is RSA).</summary>
    public static readonly string[] NeedAnRsaTarget = ["algorithms.key-transport-oaep-sha1", "algorithms.key-transport-pkcs1"];

    /// <summary>The cases that need a target with an EC encryption certificate.</summary>
    public static readonly string[] NeedAnEcTarget = ["algorithms.ecdh-sha1-kdf", "algorithms.ecdh-with-ukm"];

    /// <summary>Everything IT/NCP cannot play against AL/NCP.</summary>
    public static IEnumerable<string> SkippedAgainstTarget => NotAllowedBetweenThem.Concat(NeedAnRsaTarget);

    public static string Profile(FederationFixture federation) => federation.ParticipantFile(Sender, "conformance.json");

    public static async Task<ConformanceReport> RunAsync(FederationFixture federation, Uri address, int? only = null)
    {
        using var credentials = SenderCredentials.Load(ConformanceProfile.Load(Profile(federation)));
        using var limit = Eventually.Within(TimeSpan.FromMinutes(3));
        return await ConformanceRunner.RunAsync(credentials, address, only, TimeProvider.System, limit.Token);
    }

    public static IEnumerable<string> With(this ConformanceReport report, CaseStatus status) =>
        report.Results.Where(r => r.Verdict.Status == status).Select(r => r.Spec.Id).Order(StringComparer.Ordinal);
}
