using System.Formats.Asn1;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>An AlgorithmIdentifier: OID and the encoded parameters, if present.</summary>
internal readonly record struct AlgorithmIdentifier(string Oid, ReadOnlyMemory<byte>? Parameters)
{
    private static readonly byte[] DerNull = [0x05, 0x00];

    /// <summary>Parameters absent or NULL: how SHA-2 and key-wrap identifiers may appear.</summary>
    public bool HasNoParameters => Parameters is null || Parameters.Value.Span.SequenceEqual(DerNull);

    public static AlgorithmIdentifier Read(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var oid = sequence.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = sequence.HasData ? sequence.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
        sequence.ThrowIfNotEmpty();
        return new AlgorithmIdentifier(oid, parameters);
    }

    public static void Write(AsnWriter writer, string oid, Asn1Tag? tag = null)
    {
        using (writer.PushSequence(tag))
        {
            writer.WriteObjectIdentifier(oid);
        }
    }
}
