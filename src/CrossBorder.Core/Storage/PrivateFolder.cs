namespace CrossBorder.Core.Storage;

/// <summary>
/// Creates the folders that hold sealed envelopes, secrets, trust state and CRLs for their owner
/// only (0700 on Unix), like the files in them. A folder that exists keeps its mode: an operator's
/// choice is not loosened, nor changed behind their back.
/// </summary>
public static class PrivateFolder
{
    /// <summary>Read, write and search for the owner only.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and its missing parents with mode 0700; nothing when it exists.</summary>
    public static void Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }
}
