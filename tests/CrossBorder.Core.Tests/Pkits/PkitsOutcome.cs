using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>What the validator answered for one PKITS case.</summary>
public sealed record PkitsOutcome(PkitsCase Case, bool Accepted, ReasonCode Reason, string Detail, IReadOnlyList<string> PathSubjects)
{
    public static PkitsOutcome NotLoadable(PkitsCase pkitsCase) =>
        new(pkitsCase, false, ReasonCode.Malformed, ".NET cannot load a certificate of the case", []);

    public static IReadOnlyList<string> Subjects(IEnumerable<X509Certificate2> path) => [.. path.Select(c => c.Subject)];

    public override string ToString() =>
        $"{Case} (expected {Case.Expected}): {(Accepted ? "accepted" : $"refused {Reason.Name()}: {Detail}")}";
}
