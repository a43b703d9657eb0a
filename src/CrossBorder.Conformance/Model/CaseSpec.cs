namespace CrossBorder.Conformance.Model;

/// <summary>
/// Where a case stands in the wire spec: its id, the spec section, the requirement id it checks
/// and that requirement's level, and the other statements its outcome also shows (a receipt case
/// also shows that receipts are signed and small enough). Every row lives in <c>Cases/CaseTable.cs</c>,
/// so that aligning the requirement ids with docs/wire-spec.md is one edit in one file.
/// </summary>
internal sealed record CaseSpec(string Id, int Section, string Requirement, CaseLevel Level, string[]? Also = null)
{
    /// <summary>Every requirement the case's outcome shows: its own first.</summary>
    public IEnumerable<string> Requirements => [Requirement, .. Also ?? []];
}
