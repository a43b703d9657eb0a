using CrossBorder.Conformance.Vectors;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary>The checked-in index is sound: cited ids exist in requirements.tsv, outcomes are reason code names, flags are explained, files exist, numbers are unique.</summary>
public sealed class VectorIndexTests
{
    private static VectorIndex Index => VectorSet.CheckedIn.Value.Index;

    private static IEnumerable<VectorTest> Tests => Index.TestGroups.SelectMany(g => g.Tests);

    [Fact]
    public void Every_cited_requirement_id_is_in_requirements_tsv()
    {
        var known = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "requirements.tsv")).Select(line => line.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);

        var unknown = Tests.SelectMany(t => t.Requirements.Where(id => !known.Contains(id)).Select(id => $"tcId {t.TcId}: {id}")).ToList();

        Assert.True(unknown.Count == 0, string.Join(", ", unknown));
        Assert.All(Tests, t => Assert.NotEmpty(t.Requirements));
    }

    [Fact]
    public void Every_outcome_is_valid_or_invalid_with_a_reason_code_name()
    {
        Assert.All(Tests, t =>
        {
            Assert.True(t.Result is "valid" or "invalid", $"tcId {t.TcId}: result {t.Result}");
            Assert.Equal(t.Result == "invalid", t.Reason is not null);
            if (t.Reason is not null)
            {
                Assert.True(ProtoEnumNames<ReasonCode>.TryParse(t.Reason, out var code) && code != ReasonCode.Unspecified, $"tcId {t.TcId}: reason {t.Reason}");
            }
        });
        Assert.Contains(Tests, t => t.Result == "valid");
    }

    [Fact]
    public void Numbers_are_unique_and_counted_flags_are_explained_and_files_exist()
    {
        var set = VectorSet.CheckedIn.Value;

        Assert.Equal(Enumerable.Range(1, Index.NumberOfTests), Tests.Select(t => t.TcId));
        Assert.All(Tests.SelectMany(t => t.Flags), flag => Assert.True(Index.Notes.ContainsKey(flag), $"flag {flag} has no note"));
        var files = Tests.SelectMany(t => t.Files.Values).Concat(Index.Federation.Values)
            .Concat(Index.TestGroups.SelectMany(g => g.ReceiverFiles?.Values ?? []));
        Assert.All(files, file => Assert.True(File.Exists(set.PathOf(file)), $"{file} is missing"));
        Assert.Equal(VectorGenerator.Format(set.ValidationTime), Index.ValidationTime);
        Assert.Equal(VectorGenerator.Command(set.ValidationTime), Index.Command);
    }

    [Fact]
    public void Every_message_type_has_a_valid_envelope_vector()
    {
        var set = VectorSet.CheckedIn.Value;
        var types = set.Tests("SealedEnvelope").Where(p => p.Test.Result == "valid")
            .Select(p => SealedEnvelope.Parser.ParseFrom(set.Bytes(p.Test.Files["envelope"])).Route.MessageType).ToHashSet();

        Assert.Equal(ProtoEnumNames<MessageType>.Defined.ToHashSet(), types);
    }

    [Fact]
    public void The_set_stays_small()
    {
        var set = VectorSet.CheckedIn.Value;
        var bytes = Directory.EnumerateFiles(set.Root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        Assert.True(bytes < 1024 * 1024, $"{bytes} bytes");
    }
}
