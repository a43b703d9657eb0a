using System.Text;
using System.Text.Json;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// The verdicts as JSON lines, one per delivery, appended and flushed as each is judged so that
/// <c>conformance report</c> can read the file while the responder runs.
/// </summary>
internal sealed class VerdictFile : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly SemaphoreSlim _writing = new(1, 1);

    private VerdictFile(FileStream file) => _file = file;

    /// <summary>Opens <paramref name="path"/> for appending (created when missing); others may read it meanwhile.</summary>
    public static VerdictFile Append(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));

    public async Task WriteAsync(DeliveryVerdict verdict, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(VerdictJson.Line.From(verdict), VerdictJson.Options) + "\n");
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Reads every complete verdict of <paramref name="path"/>; a last line still being written is
    /// left for the next read. Throws <see cref="InvalidDataException"/> naming the line that is no verdict.
    /// </summary>
    public static IReadOnlyList<DeliveryVerdict> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var complete = text.LastIndexOf('\n') + 1;
        var verdicts = new List<DeliveryVerdict>();
        var number = 0;
        foreach (var line in text[..complete].Split('\n'))
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                var parsed = JsonSerializer.Deserialize<VerdictJson.Line>(line, VerdictJson.Options);
                verdicts.Add(parsed?.ToVerdict() ?? throw new InvalidDataException($"{path}: line {number} is not a verdict"));
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"{path}: line {number} is not a verdict");
            }
        }

        return verdicts;
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _writing.Dispose();
    }
}
