using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The canonical form of a policy, whose SHA-256 goes into the policy stamp: the YAML document
/// as JSON, mappings with their keys sorted by ordinal (UTF-16) order, every scalar as a JSON
/// string exactly as written, no whitespace, UTF-8. Comments, quoting, indentation and key order
/// do not change the stamp; any change of a rule does.
/// </summary>
internal static class CanonicalPolicy
{
    public static byte[] Sha256(YamlNode root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            Write(writer, root);
        }

        return SHA256.HashData(buffer.ToArray());
    }

    public static string Text(YamlNode root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, root);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children
                    .Select(kv => (Key: (kv.Key as YamlScalarNode)?.Value ?? "", kv.Value))
                    .OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value ?? "");
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
