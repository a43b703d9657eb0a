namespace CrossBorder.Conformance.Model;

/// <summary>A played case and its verdict.</summary>
internal sealed record CaseResult(CaseSpec Spec, string Expectation, CaseVerdict Verdict, TimeSpan Duration)
{
    /// <summary>A MUST that failed: what makes the run fail.</summary>
    public bool FailsRun => Verdict.Status == CaseStatus.Fail && Spec.Level == CaseLevel.Must;
}
