using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CrossBorder.Conformance.Model;

namespace CrossBorder.Conformance.Reports;

/// <summary>JUnit XML for CI: one testsuite, one testcase per case, classname = the spec section.</summary>
internal static class JunitReport
{
    public static XDocument Build(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var suite = new XElement("testsuite",
            new XAttribute("name", "crossborder-conformance"),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", report.Failed),
            new XAttribute("errors", 0),
            new XAttribute("skipped", report.Skipped),
            new XAttribute("time", Seconds(report.Results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration))),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "sender"), new XAttribute("value", report.Sender)),
                new XElement("property", new XAttribute("name", "address"), new XAttribute("value", report.Address)),
                new XElement("property", new XAttribute("name", "target"), new XAttribute("value", report.Target ?? ""))));
        foreach (var result in report.Results)
        {
            var testcase = new XElement("testcase",
                new XAttribute("classname", SectionTitles.Of(result.Spec.Section)),
                new XAttribute("name", result.Spec.Id),
                new XAttribute("time", Seconds(result.Duration)));
            var message = $"{result.Verdict.Expected}, {result.Verdict.Saw}";
            switch (result.Verdict.Status)
            {
                case CaseStatus.Fail:
                    testcase.Add(new XElement("failure",
                        new XAttribute("message", message),
                        new XAttribute("type", $"{result.Spec.Level.ToString().ToUpperInvariant()} {result.Spec.Requirement}"),
                        result.Expectation));
                    break;
                case CaseStatus.Skip:
                    testcase.Add(new XElement("skipped", new XAttribute("message", message)));
                    break;
                default:
                    testcase.Add(new XElement("system-out", message));
                    break;
            }

            suite.Add(testcase);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
    }

    /// <summary>Writes the report as UTF-8 without a byte order mark, indented.</summary>
    public static async Task WriteAsync(Stream output, ConformanceReport report, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true };
        var writer = XmlWriter.Create(output, settings);
        await using (writer.ConfigureAwait(false))
        {
            await Build(report).SaveAsync(writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
