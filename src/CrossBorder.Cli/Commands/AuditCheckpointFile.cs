using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// The file <c>audit checkpoint export</c> writes and <c>audit verify --checkpoints</c> reads: one
/// JSON document naming its format and participant, with the signed checkpoints oldest first
/// (hash and signature in base64). Checkpoints carry numbers, hashes and a certificate fingerprint
/// only. A file that is not exactly this is a usage error naming the reason code and the place.
/// </summary>
internal static class AuditCheckpointFile
{
    /// <summary>The format name and version, the file's first field.</summary>
    public const string Format = "crossborder-audit-checkpoints/v1";

    /// <summary>The largest file read: a checkpoint is about 1.5 KB, so some forty thousand of them.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The file's bytes for <paramref name="participant"/>'s checkpoints.</summary>
    public static byte[] Write(string participant, IEnumerable<AuditCheckpoint> checkpoints)
    {
        var bytes = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(bytes, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("participant", participant);
            json.WriteStartArray("checkpoints");
            foreach (var checkpoint in checkpoints.OrderBy(c => c.Sequence))
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", checkpoint.Sequence);
                json.WriteBase64String("hash", checkpoint.Hash);
                json.WriteString("at", checkpoint.At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
                json.WriteString("signer", checkpoint.Signer);
                json.WriteBase64String("signature", checkpoint.Signature);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return bytes.WrittenSpan.ToArray();
    }

    /// <summary>Reads the file at <paramref name="path"/>; a <see cref="UsageException"/> with a reason code when it is not a checkpoint file.</summary>
    public static (string Participant, IReadOnlyList<AuditCheckpoint> Checkpoints) Read(string option, string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UsageException($"{option} {path}: {ReasonCode.NotFound.Name()}: the file does not exist");
            }

            if (info.Length > MaxBytes)
            {
                throw new UsageException($"{option} {path}: {ReasonCode.TooLarge.Name()}: larger than {MaxBytes} bytes");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot read the file");
        }

        try
        {
            return Parse(bytes);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option} {path}: {ReasonCode.Malformed.Name()}: {ex.Message}");
        }
    }

    /// <summary>Parses the file's bytes; <see cref="FormatException"/> saying what is wrong and where (never a value of the file).</summary>
    public static (string Participant, IReadOnlyList<AuditCheckpoint> Checkpoints) Parse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new FormatException($"larger than {MaxBytes} bytes");
        }

        // A UTF-8 byte order mark, as some editors write, is not part of the document.
        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException)
        {
            throw new FormatException("not a JSON document");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a JSON object");
            }

            if (Text(root, "format", "the file") != Format)
            {
                throw new FormatException($"format is not {Format}");
            }

            var participant = Text(root, "participant", "the file");
            if (!root.TryGetProperty("checkpoints", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("checkpoints is not an array");
            }

            var checkpoints = new List<AuditCheckpoint>(list.GetArrayLength());
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                checkpoints.Add(Checkpoint(item, $"checkpoints[{index++}]"));
            }

            return (participant, checkpoints);
        }
    }

    private static AuditCheckpoint Checkpoint(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} is not an object");
        }

        if (!item.TryGetProperty("sequence", out var sequence) || sequence.ValueKind != JsonValueKind.Number || !sequence.TryGetInt64(out var number) || number < 1)
        {
            throw new FormatException($"{where}.sequence is not a whole number from 1");
        }

        var hash = Base64(item, "hash", where);
        if (hash.Length != AuditCheckpoints.HashBytes)
        {
            throw new FormatException($"{where}.hash is not {AuditCheckpoints.HashBytes} bytes");
        }

        if (!DateTimeOffset.TryParseExact(Text(item, "at", where), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            throw new FormatException($"{where}.at is not a time like 2026-11-28T10:00:00.000Z");
        }

        var signer = Text(item, "signer", where);
        if (signer.Length != 64 || !signer.All(char.IsAsciiHexDigitUpper))
        {
            throw new FormatException($"{where}.signer is not a SHA-256 fingerprint (64 upper-case hex digits)");
        }

        var signature = Base64(item, "signature", where);
        if (signature.Length is 0 or > AuditCheckpoints.MaxSignatureBytes)
        {
            throw new FormatException($"{where}.signature is empty or larger than {AuditCheckpoints.MaxSignatureBytes} bytes");
        }

        return new AuditCheckpoint(number, hash, at, signer, signature);
    }

    private static string Text(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{(where == "the file" ? name : $"{where}.{name}")} is not a string");

    private static byte[] Base64(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
        {
            throw new FormatException($"{where}.{name} is not base64");
        }

        return bytes;
    }
}
