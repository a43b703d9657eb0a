using System.Text.Json;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// What <c>conformance report</c> prints from the verdicts: a line per message, the failed checks
/// under it, and the counts; or one JSON document.
/// </summary>
internal static class VerdictReport
{
    /// <summary>True when a MUST check of any message failed (the command then exits 1).</summary>
    public static bool MustFailed(IReadOnlyList<DeliveryVerdict> verdicts) => verdicts.Any(v => v.MustFailed);

    public static async Task WriteTextAsync(TextWriter output, IReadOnlyList<DeliveryVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(verdicts);
        foreach (var verdict in verdicts)
        {
            await output.WriteLineAsync(
                $"{(verdict.Passed ? "PASS" : "FAIL")}  {verdict.MessageId ?? "-"}  {verdict.Sender ?? "-"}  {verdict.MessageType ?? "-"}  {verdict.Answer}").ConfigureAwait(false);
            foreach (var check in verdict.Checks.Where(c => c.IsFailed))
            {
                await output.WriteLineAsync($"    {check.Requirement} (section {check.Section}) {check.What}").ConfigureAwait(false);
            }
        }

        var passed = verdicts.Count(v => v.Passed);
        await output.WriteLineAsync($"{verdicts.Count} messages, {passed} passed, {verdicts.Count - passed} failed").ConfigureAwait(false);
    }

    /// <summary>One document: every verdict as in the file, then the counts.</summary>
    public static string Json(IReadOnlyList<DeliveryVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var passed = verdicts.Count(v => v.Passed);
        return JsonSerializer.Serialize(
            new Document([.. verdicts.Select(VerdictJson.Line.From)], verdicts.Count, passed, verdicts.Count - passed, MustFailed(verdicts)),
            VerdictJson.Options);
    }

    private sealed record Document(IReadOnlyList<VerdictJson.Line> Verdicts, int Messages, int Passed, int Failed, bool MustFailed);
}
