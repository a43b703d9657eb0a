namespace CrossBorder.Conformance.Model;

/// <summary>How binding the requirement a case checks is (RFC 2119): a failed MUST fails the run.</summary>
internal enum CaseLevel
{
    Must,
    Should,
}
