namespace CrossBorder.Conformance.Model;

/// <summary>One run: who played the sender, against which address and participant, and every case's result.</summary>
internal sealed record ConformanceReport(string Sender, string Address, string? Target, IReadOnlyList<CaseResult> Results)
{
    public int Passed => Results.Count(r => r.Verdict.Status == CaseStatus.Pass);

    public int Failed => Results.Count(r => r.Verdict.Status == CaseStatus.Fail);

    public int Skipped => Results.Count(r => r.Verdict.Status == CaseStatus.Skip);

    /// <summary>True when a MUST failed: the run fails (exit code 1).</summary>
    public bool MustFailed => Results.Any(r => r.FailsRun);
}
