using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Core.Errors;

/// <summary>Stable, printable names of <see cref="ReasonCode"/> values.</summary>
public static class ReasonCodes
{
    /// <summary>The name without the proto prefix, e.g. <c>UNTRUSTED</c>: what users, peers and logs see.</summary>
    public static string Name(this ReasonCode code) => ProtoEnumNames<ReasonCode>.Name(code);

    /// <summary>Parses a printed name back to the code.</summary>
    public static bool TryParse(string name, out ReasonCode code) => ProtoEnumNames<ReasonCode>.TryParse(name, out code);
}
