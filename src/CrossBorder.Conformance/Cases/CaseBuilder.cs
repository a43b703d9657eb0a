using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Conformance.Cases;

/// <summary>Shorthands for declaring cases: the row from <see cref="CaseTable"/>, and the skips every case needs.</summary>
internal static class CaseBuilder
{
    public static ConformanceCase Case(string id, string expectation, Func<CaseRun, CancellationToken, Task<CaseVerdict>> run) =>
        new(CaseTable.Get(id), expectation, run);

    /// <summary>A case that seals one envelope of the default type (RETURN_PLAN when allowed) and judges the answer.</summary>
    public static ConformanceCase WithDefaultType(string id, string expectation, Func<CaseRun, MessageType, CancellationToken, Task<CaseVerdict>> run) =>
        Case(id, expectation, (context, token) => context.Envelopes.DefaultType is { } type
            ? run(context, type, token)
            : Task.FromResult(CaseVerdict.Skip(expectation, $"the trust list lets {context.Credentials.Participant} send no message type to {context.Target!.Id}")));

    /// <summary>The skip of a case whose example the reference policy refuses.</summary>
    public static CaseVerdict PolicySkip(string expectation, string why) => CaseVerdict.Skip(expectation, why);
}
