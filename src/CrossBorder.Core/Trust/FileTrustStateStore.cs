using System.Text.Json;

namespace CrossBorder.Core.Trust;

/// <summary>
/// <see cref="TrustState"/> in a small JSON file of the gateway's data folder, replaced
/// atomically (write, flush to disk, rename) so that a crash leaves the old or the new state.
/// </summary>
public sealed class FileTrustStateStore(string path) : ITrustStateStore
{
    /// <inheritdoc />
    public TrustState? Load()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TrustState>(File.ReadAllBytes(path))
                ?? throw new InvalidDataException($"trust state {path} is empty");
        }
        catch (JsonException)
        {
            // Never fall back to "no state": that would reopen rollback. An operator must look.
            throw new InvalidDataException($"trust state {path} is unreadable; restore it from backup");
        }
    }

    /// <inheritdoc />
    public void Save(TrustState state)
    {
        Storage.PrivateFolder.Create(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, state);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
