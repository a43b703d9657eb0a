namespace CrossBorder.Cli.Commands;

/// <summary>Writes an output file atomically: a temporary file in the same folder, renamed into place.</summary>
internal static class AtomicFile
{
    /// <summary>Read and write for the owner only: files that hold personal data or keys.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/>. With <paramref name="mode"/> the
    /// temporary file is created with that mode (on Unix), so the content is never readable by
    /// others, not even for a moment; the renamed file keeps it.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, UnixFileMode? mode = null) =>
        Place(path, bytes, mode, overwrite: true);

    /// <summary>
    /// As <see cref="Write"/>, but never replaces a file: false, and nothing written, when
    /// <paramref name="path"/> exists. True once the bytes are flushed to disk under that name.
    /// </summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> bytes, UnixFileMode? mode = null) =>
        Place(path, bytes, mode, overwrite: false);

    private static bool Place(string path, ReadOnlySpan<byte> bytes, UnixFileMode? mode, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!overwrite && File.Exists(full))
            {
                return false;
            }

            try
            {
                // Without overwrite the move fails if the name was taken meanwhile (a link, on Unix).
                File.Move(temporary, full, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(full))
            {
                return false;
            }

            return true;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
