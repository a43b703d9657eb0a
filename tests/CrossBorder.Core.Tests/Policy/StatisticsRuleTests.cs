using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using Google.Protobuf;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// Rule 9 against a careless or determined sender: dimension codes from closed sets only, and
/// small cells suppressed so that no suppressed count can be computed back from the published
/// ones (checked by <see cref="SubtractionAttack"/>, written apart from the engine).
/// </summary>
public class StatisticsRuleTests
{
    private static readonly PolicyContext ToCoordinator = Context(MessageType.AggregateStatistics, "AL/NCP", Purpose.Statistics);

    private static PolicyOutcome Evaluate(string json) => Default.Evaluate(JsonParser.Default.Parse<CasePayload>(json), ToCoordinator, Keys);

    /// <summary>A statistics payload of the given cells (JSON objects as text), threshold 5.</summary>
    private static string Table(params string[] cells) =>
        $$"""{ "aggregateStatistics": { "measure": "STATISTICS_MEASURE_VICTIMS_IDENTIFIED", "periodStart": "2026", "periodEnd": "2026", "suppressionThreshold": 5, "cells": [ {{string.Join(", ", cells)}} ] } }""";

    /// <summary>One cell as JSON text: "SEX=F", "AGE_GROUP=CHILD", … and the count.</summary>
    private static string Cell(int count, params string[] dimensions) =>
        $$"""{ "dimensions": [ {{string.Join(", ", dimensions.Select(d => d.Split('=')).Select(d => $$"""{ "dimension": "STATISTICS_DIMENSION_{{d[0]}}", "code": "{{d[1]}}" }"""))}} ], "count": {{count}} }""";

    private static string Lines(string[] lines) => string.Join(" | ", lines);

    // --- Codes: closed sets per dimension ---------------------------------------------------

    [Theory]
    [InlineData("STATISTICS_DIMENSION_SEX", "Maria Rossi")]
    [InlineData("STATISTICS_DIMENSION_SEX", "FEMALE")]
    [InlineData("STATISTICS_DIMENSION_CITIZENSHIP", "AA1234567")]
    [InlineData("STATISTICS_DIMENSION_CITIZENSHIP", "alb")]
    [InlineData("STATISTICS_DIMENSION_EXPLOITATION_FORM", "1999-04-12")]
    [InlineData("STATISTICS_DIMENSION_EXPLOITATION_FORM", "EXPLOITATION_FORM_LABOUR")]
    [InlineData("STATISTICS_DIMENSION_COUNTRY_OF_EXPLOITATION", "Via Roma 12, Bari")]
    [InlineData("STATISTICS_DIMENSION_COUNTRY_OF_EXPLOITATION", "XXB")]
    [InlineData("STATISTICS_DIMENSION_AGE_GROUP", "1999-04-12")]
    [InlineData("STATISTICS_DIMENSION_AGE_GROUP", "")]
    public void A_dimension_code_outside_its_closed_set_refuses_the_message_naming_the_path_not_the_value(string dimension, string code)
    {
        var other = dimension == "STATISTICS_DIMENSION_AGE_GROUP" ? "STATISTICS_DIMENSION_SEX" : "STATISTICS_DIMENSION_AGE_GROUP";
        var otherCode = dimension == "STATISTICS_DIMENSION_AGE_GROUP" ? "M" : "ADULT";
        var json = $$"""
            { "aggregateStatistics": { "measure": "STATISTICS_MEASURE_VICTIMS_IDENTIFIED", "cells": [
                { "dimensions": [ { "dimension": "STATISTICS_DIMENSION_SEX", "code": "F" } ], "count": 12 },
                { "dimensions": [ { "dimension": "{{other}}", "code": "{{otherCode}}" }, { "dimension": "{{dimension}}", "code": "{{code}}" } ], "count": 9 }
            ] } }
            """;

        var refused = Refused(Evaluate(json));

        Assert.Equal(("statistics-codes", "POLICY_STATISTICS_CODE_INVALID"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(["aggregate_statistics.cells[1].dimensions[1].code REFUSED statistics-codes POLICY_STATISTICS_CODE_INVALID"], PolicyKit.Lines(refused));
        if (code.Length > 0)
        {
            Assert.DoesNotContain(code, refused.ToException().Message, StringComparison.Ordinal);
            Assert.All(refused.Decisions, d => Assert.DoesNotContain(code, d.ToString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Codes_from_each_closed_set_are_accepted()
    {
        var json = Table(
            Cell(7, "SEX=F", "CITIZENSHIP=ALB", "EXPLOITATION_FORM=SEXUAL", "COUNTRY_OF_EXPLOITATION=ITA", "AGE_GROUP=ADULT"),
            Cell(8, "SEX=M", "CITIZENSHIP=XXB", "EXPLOITATION_FORM=FORCED_CRIMINAL_ACTIVITIES", "COUNTRY_OF_EXPLOITATION=XKX", "AGE_GROUP=CHILD"),
            Cell(9, "SEX=X", "CITIZENSHIP=XXA", "EXPLOITATION_FORM=OTHER", "COUNTRY_OF_EXPLOITATION=GRC"),
            Cell(6, "CITIZENSHIP=XXX", "EXPLOITATION_FORM=ORGAN_REMOVAL"),
            Cell(5, "CITIZENSHIP=XKX", "EXPLOITATION_FORM=LABOUR"));

        var allowed = Allowed(Evaluate(json));

        Assert.Empty(allowed.Decisions);
        Assert.All(allowed.Payload.AggregateStatistics.Cells, c => Assert.False(c.Suppressed));
    }

    [Theory]
    [InlineData("""{ "dimension": "STATISTICS_DIMENSION_UNSPECIFIED", "code": "Maria" }""", "dimensions[0].dimension", "POLICY_STATISTICS_DIMENSION_INVALID")]
    [InlineData("""{ "code": "F" }""", "dimensions[0].dimension", "POLICY_STATISTICS_DIMENSION_INVALID")]
    [InlineData("""{ "dimension": "STATISTICS_DIMENSION_SEX", "code": "F" }, { "dimension": "STATISTICS_DIMENSION_SEX", "code": "M" }""", "dimensions[1].dimension", "POLICY_STATISTICS_DIMENSION_REPEATED")]
    public void A_cell_names_each_defined_dimension_at_most_once(string dimensions, string field, string detail)
    {
        var json = $$"""{ "aggregateStatistics": { "cells": [ { "count": 40 }, { "dimensions": [ {{dimensions}} ], "count": 12 } ] } }""";

        var refused = Refused(Evaluate(json));

        Assert.Equal([$"aggregate_statistics.cells[1].{field} REFUSED statistics-codes {detail}"], PolicyKit.Lines(refused));
    }

    [Fact]
    public void A_dimension_number_the_contract_does_not_define_is_refused_by_the_value_validation_before_any_statistics_rule()
    {
        var json = """{ "aggregateStatistics": { "cells": [ { "count": 40 }, { "dimensions": [ { "dimension": 99, "code": "F" } ], "count": 12 } ] } }""";

        var refused = Refused(Evaluate(json));

        Assert.Equal(
            [" REFUSED payload-format FORMAT_ENUM_UNDEFINED", "aggregate_statistics.cells[1].dimensions[0].dimension REFUSED payload-format FORMAT_ENUM_UNDEFINED"],
            PolicyKit.Lines(refused));
    }

    [Theory]
    [InlineData("birthYear", 19990412u, "birth_year")]
    [InlineData("birthYear", 1899u, "birth_year")]
    [InlineData("birthYear", 2027u, "birth_year")]
    [InlineData("birthBandStartYear", 19990412u, "birth_band_start_year")]
    [InlineData("birthBandStartYear", 0u, "birth_band_start_year")]
    public void A_birth_period_is_a_year_from_1900_to_the_evaluation_year(string key, uint year, string field)
    {
        var json = $$"""{ "aggregateStatistics": { "cells": [ { "count": 40 }, { "{{key}}": {{year}}, "count": 12 } ] } }""";

        var refused = Refused(Evaluate(json));

        Assert.Equal([$"aggregate_statistics.cells[1].{field} REFUSED statistics-codes POLICY_STATISTICS_BIRTH_YEAR_INVALID"], PolicyKit.Lines(refused));
        Assert.DoesNotContain(year.ToString(CultureInfo.InvariantCulture), refused.ToException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_count_never_parses()
    {
        var json = """{ "aggregateStatistics": { "cells": [ { "count": -3 } ] } }""";

        Assert.ThrowsAny<InvalidProtocolBufferException>(() => JsonParser.Default.Parse<CasePayload>(json));
    }

    [Fact]
    public void A_binary_payload_with_a_passport_number_as_citizenship_is_refused_outbound_and_inbound()
    {
        // CasePayload.aggregate_statistics (10) { cells (5) [ { count (4) = 30 },
        //   { dimensions (1) { dimension (1) = CITIZENSHIP (2), code (2) = "AA1234567" }, count = 7 } ] }
        byte[] code = [.. "AA1234567"u8];
        byte[] dimension = [0x08, 0x02, 0x12, (byte)code.Length, .. code];
        byte[] cell = [0x0A, (byte)dimension.Length, .. dimension, 0x20, 0x07];
        byte[] total = [0x20, 30];
        byte[] statistics = [0x2A, (byte)total.Length, .. total, 0x2A, (byte)cell.Length, .. cell];
        byte[] payload = [0x52, (byte)statistics.Length, .. statistics];
        var parsed = CasePayload.Parser.ParseFrom(payload);

        var refused = Refused(Default.Evaluate(parsed, ToCoordinator, Keys));
        var verdict = Default.EvaluateInbound(parsed, ToCoordinator);

        const string Path = "aggregate_statistics.cells[1].dimensions[0].code";
        Assert.Equal([$"{Path} REFUSED statistics-codes POLICY_STATISTICS_CODE_INVALID"], PolicyKit.Lines(refused));
        Assert.Equal(new InboundVerdict(false, "statistics-codes", "POLICY_STATISTICS_CODE_INVALID", Path), verdict);
        Assert.DoesNotContain("AA1234567", verdict.ToException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_larger_than_the_engine_protects_is_refused_as_a_whole()
    {
        var json = Table([.. Enumerable.Repeat(Cell(9, "SEX=F"), StatisticsValidation.MaxCells + 1)]);

        var refused = Refused(Evaluate(json));

        Assert.Equal(["aggregate_statistics.cells REFUSED statistics-codes POLICY_STATISTICS_TABLE_TOO_LARGE"], PolicyKit.Lines(refused));
    }

    // --- Suppression: no suppressed count can be computed back --------------------------------

    /// <summary>What one-by-one suppression would send: each count 1-4 withheld, nothing else.</summary>
    private static AggregateStatistics PrimaryOnly(string json)
    {
        var table = JsonParser.Default.Parse<CasePayload>(json).AggregateStatistics;
        foreach (var cell in table.Cells.Where(c => c.Count is > 0 and < 5))
        {
            (cell.Count, cell.Suppressed) = (0, true);
        }

        return table;
    }

    private static AggregateStatistics Published(string json, out string[] lines)
    {
        var allowed = Allowed(Evaluate(json));
        lines = PolicyKit.Lines(allowed);
        var input = JsonParser.Default.Parse<CasePayload>(json).AggregateStatistics;
        var output = allowed.Payload.AggregateStatistics;
        for (var i = 0; i < input.Cells.Count; i++)
        {
            // A published count is the true count; a withheld one is 0 and flagged.
            var expected = output.Cells[i].Suppressed ? 0 : input.Cells[i].Count;
            Assert.Equal(expected, output.Cells[i].Count);
        }

        return output;
    }

    [Fact]
    public void A_small_cell_beside_a_total_cannot_be_recovered_by_subtracting_the_others()
    {
        var json = Table(Cell(30), Cell(27, "SEX=F"), Cell(3, "SEX=M"));
        Assert.Equal([2], SubtractionAttack.Derivable(PrimaryOnly(json)));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        var withheld = published.Cells.Where(c => c.Suppressed).Select(c => c.Count).ToList();
        var totalMinusOthers = published.Cells[0].Count - published.Cells.Skip(1).Where(c => !c.Suppressed).Sum(c => c.Count);
        Assert.NotEqual(3u, totalMinusOthers);
        Assert.Equal(
            Lines([
                "aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED",
                "aggregate_statistics.cells[2].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
            ]),
            Lines(lines));
        Assert.Equal([0u, 0u], withheld);
    }

    [Fact]
    public void A_two_dimensional_table_with_margins_hides_its_small_cell_from_rows_columns_and_the_total()
    {
        var json = Table(
            Cell(2, "SEX=F", "AGE_GROUP=CHILD"), Cell(20, "SEX=F", "AGE_GROUP=ADULT"),
            Cell(7, "SEX=M", "AGE_GROUP=CHILD"), Cell(15, "SEX=M", "AGE_GROUP=ADULT"),
            Cell(22, "SEX=F"), Cell(22, "SEX=M"),
            Cell(9, "AGE_GROUP=CHILD"), Cell(35, "AGE_GROUP=ADULT"),
            Cell(44));
        Assert.Equal([0], SubtractionAttack.Derivable(PrimaryOnly(json)));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.True(published.Cells[0].Suppressed);
        Assert.Contains("aggregate_statistics.cells[0].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED", lines);
        Assert.All(lines.Where(l => !l.StartsWith("aggregate_statistics.cells[0].", StringComparison.Ordinal)),
            l => Assert.EndsWith(" GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED", l, StringComparison.Ordinal));
        // The complements are the cheapest that close every row and column: F-ADULT, M-CHILD, M-ADULT.
        Assert.Equal([0, 1, 2, 3], Enumerable.Range(0, published.Cells.Count).Where(i => published.Cells[i].Suppressed));
    }

    [Fact]
    public void Two_breakdowns_of_an_unpublished_total_do_not_give_a_small_cell_away()
    {
        // F + M and CHILD + ADULT both count everyone: F = CHILD + ADULT - M, with no total published.
        // Withholding M leaves only F + M = 23 to be read.
        var json = Table(Cell(3, "SEX=F"), Cell(20, "SEX=M"), Cell(8, "AGE_GROUP=CHILD"), Cell(15, "AGE_GROUP=ADULT"));
        Assert.Equal([0], SubtractionAttack.Derivable(PrimaryOnly(json)));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.Equal(
            Lines([
                "aggregate_statistics.cells[0].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
                "aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED",
            ]),
            Lines(lines));
    }

    [Fact]
    public void Years_inside_a_published_band_are_protected_like_cells_inside_a_margin()
    {
        var json = Table(
            """{ "birthBandStartYear": 2000, "count": 12 }""",
            """{ "birthYear": 2000, "count": 10 }""",
            """{ "birthYear": 2001, "count": 2 }""");
        Assert.Equal([2], SubtractionAttack.Derivable(PrimaryOnly(json)));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.Equal(
            Lines([
                "aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED",
                "aggregate_statistics.cells[2].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
            ]),
            Lines(lines));
    }

    [Fact]
    public void Complementary_suppression_runs_to_a_fixed_point_along_a_chain_of_margins()
    {
        // Withholding F (3) needs M withheld (from the total); M is then M-CHILD + M-ADULT, so one of
        // those must go as well; the small F-CHILD and F-ADULT need nothing more once F is unknown.
        var json = Table(
            Cell(40), Cell(3, "SEX=F"), Cell(37, "SEX=M"),
            Cell(1, "SEX=F", "AGE_GROUP=CHILD"), Cell(2, "SEX=F", "AGE_GROUP=ADULT"),
            Cell(30, "SEX=M", "AGE_GROUP=CHILD"), Cell(7, "SEX=M", "AGE_GROUP=ADULT"));
        Assert.Equal([1], SubtractionAttack.Derivable(PrimaryOnly(json)));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.Equal(
            Lines([
                "aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
                "aggregate_statistics.cells[2].count GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED",
                "aggregate_statistics.cells[3].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
                "aggregate_statistics.cells[4].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
                "aggregate_statistics.cells[6].count GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED",
            ]),
            Lines(lines));
    }

    [Fact]
    public void Two_withheld_cells_in_every_row_and_column_are_not_enough_when_a_combination_of_margins_isolates_one()
    {
        // Rows: citizenship; columns: exploitation form; all margins and the total published. Small
        // cells form two 2x2 blocks joined by one cell (ITA, FORCED_BEGGING): every row and column
        // holds two or more, but rows ALB + ITA minus columns SEXUAL + LABOUR leave that one cell alone.
        string[] rows = ["ALB", "ITA", "GRC", "ROU"];
        string[] columns = ["SEXUAL", "LABOUR", "FORCED_BEGGING", "DOMESTIC_SERVITUDE"];
        int[,] counts = { { 2, 3, 20, 30 }, { 4, 1, 2, 40 }, { 25, 35, 3, 4 }, { 45, 50, 1, 2 } };
        var cells = new List<string>();
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                cells.Add(Cell(counts[r, c], $"CITIZENSHIP={rows[r]}", $"EXPLOITATION_FORM={columns[c]}"));
            }
        }

        cells.AddRange(Enumerable.Range(0, 4).Select(r => Cell(Enumerable.Range(0, 4).Sum(c => counts[r, c]), $"CITIZENSHIP={rows[r]}")));
        cells.AddRange(Enumerable.Range(0, 4).Select(c => Cell(Enumerable.Range(0, 4).Sum(r => counts[r, c]), $"EXPLOITATION_FORM={columns[c]}")));
        cells.Add(Cell(counts.Cast<int>().Sum()));
        var json = Table([.. cells]);
        Assert.Equal([6], SubtractionAttack.Derivable(PrimaryOnly(json)));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.Equal(9, lines.Count(l => l.EndsWith(" POLICY_SMALL_CELL_SUPPRESSED", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.EndsWith(" POLICY_COMPLEMENTARY_CELL_SUPPRESSED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_tables_with_random_margins_give_no_withheld_count_away(int seed)
    {
        var random = new Random(seed);
        string[][] dimensions = [["SEX=F", "SEX=M", "SEX=X"], ["AGE_GROUP=CHILD", "AGE_GROUP=ADULT"], ["EXPLOITATION_FORM=SEXUAL", "EXPLOITATION_FORM=LABOUR"]];
        for (var round = 0; round < 40; round++)
        {
            // Every combination of some dimensions (each left out or given a code); a cell is published with
            // probability 0.8 for the finest level and 0.5 above; about a third of the counts are small.
            var cells = new List<string>();
            IEnumerable<string[]> combinations = [[]];
            foreach (var dimension in dimensions)
            {
                combinations = combinations.SelectMany(c => dimension.Select(code => (string[])[.. c, code]).Append(c)).ToList();
            }

            foreach (var combination in combinations.Where(c => random.NextDouble() < (c.Length == 3 ? 0.8 : 0.5)))
            {
                cells.Add(Cell(random.NextDouble() < 0.35 ? random.Next(1, 5) : random.Next(5, 40), combination));
            }

            if (cells.Count == 0)
            {
                continue;
            }

            var published = Published(Table([.. cells]), out var lines);

            // A cell the equations give with no published count at all comes out as 0 whatever is published
            // (the table is not exhaustive there): that tells nothing about a withheld count.
            var blind = published.Clone();
            blind.Cells.ToList().ForEach(c => c.Suppressed = true);
            Assert.True(SubtractionAttack.Derivable(published).Except(SubtractionAttack.Derivable(blind)).ToList() is [], $"seed {seed} round {round}: a withheld count can be computed");
            Assert.All(lines, l => Assert.Matches(@"^aggregate_statistics\.cells\[\d+\]\.count GENERALIZED R9-statistics POLICY_(SMALL|COMPLEMENTARY)_CELL_SUPPRESSED$", l));
        }
    }

    [Fact]
    public void Withheld_cells_of_one_margin_never_add_up_to_a_small_count()
    {
        // F and M are both small: neither follows from the total alone, but together they are 40 - 38 = 2.
        var json = Table(Cell(40), Cell(1, "SEX=F"), Cell(1, "SEX=M"), Cell(38, "SEX=X"));

        var published = Published(json, out var lines);

        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.Equal(
            Lines([
                "aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
                "aggregate_statistics.cells[2].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
                "aggregate_statistics.cells[3].count GENERALIZED R9-statistics POLICY_COMPLEMENTARY_CELL_SUPPRESSED",
            ]),
            Lines(lines));
    }

    [Fact]
    public void A_cell_the_sender_flagged_is_withheld_even_when_its_count_was_left_in()
    {
        var json = Table(Cell(50), Cell(12, "SEX=M"), Cell(38, "SEX=F")).Replace("\"count\": 12", "\"count\": 12, \"suppressed\": true", StringComparison.Ordinal);

        var published = Published(json, out var lines);

        Assert.Equal((0u, true), (published.Cells[1].Count, published.Cells[1].Suppressed));
        Assert.Empty(SubtractionAttack.Derivable(published));
        Assert.Contains("aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED", lines);
    }

    [Fact]
    public void The_published_threshold_is_the_one_applied()
    {
        var json = Table(Cell(30), Cell(24, "SEX=F"), Cell(6, "SEX=M")).Replace("\"suppressionThreshold\": 5", "\"suppressionThreshold\": 2", StringComparison.Ordinal);
        var higher = json.Replace("\"suppressionThreshold\": 2", "\"suppressionThreshold\": 10", StringComparison.Ordinal);

        var lowered = Published(json, out var loweredLines);
        var raised = Published(higher, out var raisedLines);

        Assert.Equal((5u, false), (lowered.SuppressionThreshold, lowered.Cells[2].Suppressed));
        Assert.Equal(["aggregate_statistics.suppression_threshold DEFAULTED R9-statistics POLICY_DEFAULTED"], loweredLines);
        Assert.Equal((10u, true), (raised.SuppressionThreshold, raised.Cells[2].Suppressed));
        Assert.Empty(SubtractionAttack.Derivable(raised));
        Assert.Contains("aggregate_statistics.cells[2].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED", raisedLines);
    }

    [Fact]
    public void Suppression_decisions_name_cells_by_index_and_carry_no_count_or_code()
    {
        var json = Table(Cell(30), Cell(27, "CITIZENSHIP=ALB"), Cell(3, "CITIZENSHIP=XKX"));

        var allowed = Allowed(Evaluate(json));

        Assert.All(allowed.Decisions, d =>
        {
            Assert.Matches(@"^aggregate_statistics\.cells\[\d\]\.count$", d.FieldPath);
            Assert.DoesNotContain("ALB", d.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("XKX", d.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("27", d.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Suppress_below_fits_only_the_count_of_a_statistics_cell()
    {
        const string Policy = """
            id: p
            version: "1"
            rules:
              - id: r
                match: { types: [AGGREGATE_STATISTICS] }
                allow: [ { class: NONE } ]
                transform:
                  - { path: cells.birth_year, suppress_below: 5 }
                  - { path: suppression_threshold, suppress_below: 5 }
            """;

        var result = PolicyLoader.Load(Policy, "p.yaml");

        Assert.Equal(
            [
                "p.yaml:8: suppress below 5 does not fit 'cells.birth_year' of AGGREGATE_STATISTICS: not the count of a statistics cell",
                "p.yaml:9: suppress below 5 does not fit 'suppression_threshold' of AGGREGATE_STATISTICS: not the count of a statistics cell",
            ],
            result.Errors.Select(e => e.ToString()));
    }
}
