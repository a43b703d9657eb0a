namespace CrossBorder.Conformance.Model;

/// <summary>One conformance case: its place in the spec, what it expects in one line, and how it is played.</summary>
/// <param name="Spec">Id, section, requirement and level, from <c>Cases/CaseTable.cs</c>.</param>
/// <param name="Expectation">One line: what a conforming target does.</param>
/// <param name="Run">Plays the case against the target and judges the answer.</param>
internal sealed record ConformanceCase(CaseSpec Spec, string Expectation, Func<CaseRun, CancellationToken, Task<CaseVerdict>> Run);
