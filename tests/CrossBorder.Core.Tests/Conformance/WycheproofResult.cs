namespace CrossBorder.Core.Tests.Conformance;

/// <summary>The expected outcome of a Wycheproof vector.</summary>
internal enum WycheproofResult
{
    Valid,
    Invalid,
    Acceptable,
}
