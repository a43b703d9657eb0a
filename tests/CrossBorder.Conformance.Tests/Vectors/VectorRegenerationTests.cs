using CrossBorder.Conformance.Vectors;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary>
/// Regenerating the vectors at the checked-in validation time changes nothing but the randomness
/// the index names: the same files, the same index byte for byte, and every file the same once its
/// named randomness is taken out (<see cref="VectorShapes"/>).
/// </summary>
public sealed class VectorRegenerationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_fresh_run_differs_from_the_checked_in_vectors_only_in_the_named_randomness()
    {
        var checkedIn = VectorSet.CheckedIn.Value;
        VectorGenerator.Write(_folder.Path, checkedIn.ValidationTime);
        var fresh = new VectorSet(_folder.Path);

        var expected = Generated(checkedIn.Root);
        Assert.Equal(expected, Generated(fresh.Root));
        Assert.Equal(checkedIn.Bytes(VectorGenerator.IndexFile), fresh.Bytes(VectorGenerator.IndexFile));
        var differing = expected.Where(file => VectorShapes.Of(checkedIn, file) != VectorShapes.Of(fresh, file)).ToList();
        Assert.True(differing.Count == 0, "differ beyond the named randomness: " + string.Join(", ", differing));
        Assert.Contains(expected, file => !checkedIn.Bytes(file).SequenceEqual(fresh.Bytes(file)));
    }

    [Fact]
    public void The_comparison_sees_a_change_that_is_not_randomness()
    {
        var checkedIn = VectorSet.CheckedIn.Value;
        VectorGenerator.Write(_folder.Path, checkedIn.ValidationTime.AddSeconds(1));
        var shifted = new VectorSet(_folder.Path);

        var file = checkedIn.Index.TestGroups[0].Tests[0].Files["envelope"];
        Assert.NotEqual(VectorShapes.Of(checkedIn, file), VectorShapes.Of(shifted, file));
        Assert.NotEqual(VectorShapes.Of(checkedIn, "federation/operator.crt"), VectorShapes.Of(shifted, "federation/operator.crt"));
    }

    /// <summary>The files a run writes, relative with forward slashes, in order (the README beside them is not generated).</summary>
    private static List<string> Generated(string root) =>
        [.. VectorGenerator.Outputs.SelectMany(output => File.Exists(Path.Combine(root, output))
                ? [output]
                : Directory.EnumerateFiles(Path.Combine(root, output), "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .Order(StringComparer.Ordinal)];
}
