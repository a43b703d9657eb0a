using CrossBorder.Conformance.Model;

namespace CrossBorder.Conformance.Cases;

/// <summary>Every case, in the order of <see cref="CaseTable"/> (by section); each row of the table has exactly one case.</summary>
internal static class CaseCatalog
{
    public static IReadOnlyList<ConformanceCase> All()
    {
        IEnumerable<ConformanceCase> cases =
        [
            .. TransportCases.All(),
            .. RoutingCases.All(),
            .. EnvelopeCases.All(),
            .. AlgorithmCases.All(),
            .. CmsStructureCases.All(),
            .. BindingCases.All(),
            .. ContentCases.All(),
            .. HeaderFormatCases.All(),
            .. FreshnessCases.All(),
            .. SizeCases.All(),
            .. DuplicateCases.All(),
            .. ReceiptCases.All(),
        ];
        var order = CaseTable.Rows.Select((row, index) => (row.Id, index)).ToDictionary(r => r.Id, r => r.index);
        return [.. cases.OrderBy(c => order[c.Spec.Id])];
    }
}
