using System.Text.Json;
using CrossBorder.Conformance.Model;

namespace CrossBorder.Conformance.Reports;

/// <summary>The whole run as one JSON document: sender, target, every case with its place in the spec and its verdict, the counts.</summary>
internal static class JsonReport
{
    public static byte[] Build(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("sender", report.Sender);
            json.WriteString("address", report.Address);
            json.WriteString("target", report.Target);
            json.WriteStartArray("cases");
            foreach (var result in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("id", result.Spec.Id);
                json.WriteNumber("section", result.Spec.Section);
                json.WriteString("requirement", result.Spec.Requirement);
                json.WriteStartArray("requirements");
                foreach (var requirement in result.Spec.Requirements)
                {
                    json.WriteStringValue(requirement);
                }

                json.WriteEndArray();
                json.WriteString("level", result.Spec.Level.ToString().ToUpperInvariant());
                json.WriteString("status", TextReport.Status(result.Verdict.Status));
                json.WriteString("expectation", result.Expectation);
                json.WriteString("expected", result.Verdict.Expected);
                json.WriteString("saw", result.Verdict.Saw);
                json.WriteNumber("durationMs", Math.Round(result.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("passed", report.Passed);
            json.WriteNumber("failed", report.Failed);
            json.WriteNumber("skipped", report.Skipped);
            json.WriteBoolean("mustFailed", report.MustFailed);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
