using System.Globalization;
using CrossBorder.Conformance.Model;

namespace CrossBorder.Conformance.Reports;

/// <summary>One line per case (<c>PASS|FAIL|SKIP  section  case id  expected ..., saw ...</c>), then the summary line.</summary>
internal static class TextReport
{
    public static async Task WriteAsync(TextWriter output, ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var result in report.Results)
        {
            await output.WriteLineAsync(Line(result)).ConfigureAwait(false);
        }

        await output.WriteLineAsync(Summary(report)).ConfigureAwait(false);
    }

    public static string Line(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Status(result.Verdict.Status),-4}  {result.Spec.Section,2}  {result.Spec.Requirement,-8}  {result.Spec.Id}  {result.Verdict.Expected}, {result.Verdict.Saw}");
    }

    public static string Summary(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture, $"{report.Passed} passed, {report.Failed} failed, {report.Skipped} skipped");
    }

    public static string Status(CaseStatus status) => status switch
    {
        CaseStatus.Pass => "PASS",
        CaseStatus.Fail => "FAIL",
        _ => "SKIP",
    };
}
