namespace CrossBorder.Core.Policy;

/// <summary>Path arithmetic on dotted field paths.</summary>
internal static class PathMatch
{
    /// <summary><paramref name="path"/> equals <paramref name="prefix"/> or lies below it.</summary>
    public static bool IsSelfOrBelow(string path, string prefix) =>
        path.Length == prefix.Length
            ? string.Equals(path, prefix, StringComparison.Ordinal)
            : path.Length > prefix.Length && path[prefix.Length] == '.' && path.StartsWith(prefix, StringComparison.Ordinal);
}
