using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Errors;

/// <summary>
/// The one place that builds refusals. Crypto failures get generic texts: an attacker learns
/// that something failed, not why.
/// </summary>
public static class Reject
{
    /// <summary>A refusal with a caller-supplied safe text (ids, paths, codes; never values).</summary>
    public static RejectedException Because(ReasonCode reason, string safeMessage) => new(reason, safeMessage);

    /// <summary>Malformed input, with the kind of document that was malformed.</summary>
    public static RejectedException Malformed(string what) => new(ReasonCode.Malformed, $"{what} is not well-formed");

    /// <summary>Decryption failed; the message says nothing more, the diagnostic is for a debug log.</summary>
    public static RejectedException DecryptFailed(string diagnostic) => new(ReasonCode.DecryptFailed, "decryption failed", diagnostic);

    /// <summary>A signature did not verify.</summary>
    public static RejectedException BadSignature(string what) => new(ReasonCode.BadSignature, $"{what} signature does not verify");

    /// <summary>The input is larger than allowed.</summary>
    public static RejectedException TooLarge(string what, long limit) => new(ReasonCode.TooLarge, $"{what} exceeds the limit of {limit} bytes");
}
