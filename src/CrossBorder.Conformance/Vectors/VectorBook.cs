using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Conformance.Vectors;

/// <summary>Numbers the vectors across groups (tcId from 1) and keeps the files they are made of.</summary>
internal sealed class VectorBook(VectorFiles files)
{
    private int _last;

    public VectorFiles Files => files;

    /// <summary>The number of the next vector.</summary>
    public int Next() => ++_last;

    /// <summary>The expected outcome of a vector: <c>valid</c>, or <c>invalid</c> with the code's name.</summary>
    public static (string Result, string? Reason) Outcome(ReasonCode? reason) =>
        reason is { } code && code != ReasonCode.Unspecified ? ("invalid", ProtoEnumNames<ReasonCode>.Name(code)) : ("valid", null);

    /// <summary>Names a vector's file after its number and a slug: <c>envelopes/007-tampered-tag.bin</c>.</summary>
    public string Add(string folder, int tcId, string slug, string extension, byte[] bytes) =>
        files.Add($"{folder}/{tcId:D3}-{slug}.{extension}", bytes);
}
