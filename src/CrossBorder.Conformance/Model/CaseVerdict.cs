namespace CrossBorder.Conformance.Model;

/// <summary>What one case saw: its status and, for the report, what was expected and what was seen.</summary>
internal sealed record CaseVerdict(CaseStatus Status, string Expected, string Saw)
{
    public static CaseVerdict Pass(string expected, string saw) => new(CaseStatus.Pass, expected, saw);

    public static CaseVerdict Fail(string expected, string saw) => new(CaseStatus.Fail, expected, saw);

    /// <summary>The case could not be played against this target; <paramref name="why"/> says why (never silent).</summary>
    public static CaseVerdict Skip(string expected, string why) => new(CaseStatus.Skip, expected, $"not played: {why}");

    public static CaseVerdict Judge(bool passed, string expected, string saw) => new(passed ? CaseStatus.Pass : CaseStatus.Fail, expected, saw);
}
