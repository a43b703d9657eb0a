using System.Text.Json.Serialization;

namespace CrossBorder.Conformance.Responder;

/// <summary>One judged rule of a delivered message: the statement it cites and what was found (ids, codes and sizes only).</summary>
internal sealed record VerdictCheck(string Requirement, int Section, string Level, string Result, string What)
{
    public const string Passed = "pass";
    public const string Failed = "fail";

    [JsonIgnore]
    public bool IsFailed => Result == Failed;

    [JsonIgnore]
    public bool IsMust => Level == "MUST";
}
