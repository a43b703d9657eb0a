namespace CrossBorder.Conformance.Model;

/// <summary>A case's verdict on the target.</summary>
internal enum CaseStatus
{
    Pass,
    Fail,
    Skip,
}
