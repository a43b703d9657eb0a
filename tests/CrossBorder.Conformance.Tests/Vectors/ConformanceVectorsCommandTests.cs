using System.Text.Json;
using CrossBorder.Conformance.Vectors;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary><c>crossborder conformance vectors</c>: writes the set and its index, refuses a folder that is not empty unless forced, and a bad time.</summary>
public sealed class ConformanceVectorsCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Vectors_writes_the_index_and_every_file_it_names_into_an_empty_folder()
    {
        var output = _folder.File("out");

        var result = await CliRunner.RunAsync("conformance", "vectors", "--out", output, "--time", "2027-03-01T08:30:00Z");

        Assert.True(result.ExitCode == 0, result.ToString());
        var set = new VectorSet(output);
        Assert.Equal($"wrote {set.Index.NumberOfTests} vectors in {set.Index.TestGroups.Count} groups to {output} (validation time 2027-03-01T08:30:00Z)", result.Out.TrimEnd());
        Assert.Equal("2027-03-01T08:30:00Z", set.Index.ValidationTime);
        Assert.Equal("crossborder conformance vectors --out DIR --time 2027-03-01T08:30:00Z", set.Index.Command);
        Assert.All(set.Index.TestGroups.SelectMany(g => g.Tests).SelectMany(t => t.Files.Values), file => Assert.True(File.Exists(set.PathOf(file)), file));
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Vectors_refuses_a_folder_that_is_not_empty_and_changes_nothing_in_it()
    {
        var output = _folder.File("out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "notes.txt"), "mine");

        var result = await CliRunner.RunAsync("conformance", "vectors", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--out {output} is not empty; use --force", result.Error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Vectors_with_force_replaces_an_earlier_run_and_keeps_other_files()
    {
        var output = _folder.File("out");
        Assert.Equal(0, (await CliRunner.RunAsync("conformance", "vectors", "--out", output)).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(output, "README.md"), "kept");
        await File.WriteAllTextAsync(Path.Combine(output, "envelopes", "stale.bin"), "from an earlier run");

        var result = await CliRunner.RunAsync("conformance", "vectors", "--out", output, "--force");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(output, "README.md")));
        Assert.False(File.Exists(Path.Combine(output, "envelopes", "stale.bin")));
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, VectorGenerator.IndexFile)));
        Assert.Equal(VectorGenerator.Format(VectorGenerator.DefaultTime), index.RootElement.GetProperty("validationTime").GetString());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-11-28")]
    [InlineData("2026-11-28T10:00:00.5Z")]
    public async Task Vectors_refuses_a_time_that_is_not_an_instant_to_the_second(string time)
    {
        var result = await CliRunner.RunAsync("conformance", "vectors", "--out", _folder.File("out"), "--time", time);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--time '{time}' must be an ISO 8601 instant to the second", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("out")));
    }
}
