using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Errors;

/// <summary>
/// A refusal with a stable reason code. <see cref="Exception.Message"/> is safe to show a user
/// or a peer: it is built only by <see cref="Reject"/> from fixed texts, participant ids, field
/// paths and codes, never from payload values or inner exception texts.
/// </summary>
public sealed class RejectedException : Exception
{
    internal RejectedException(ReasonCode reason, string safeMessage, string? diagnostic = null)
        : base(safeMessage)
    {
        Reason = reason;
        Diagnostic = diagnostic;
    }

    /// <summary>Why the input was refused.</summary>
    public ReasonCode Reason { get; }

    /// <summary>
    /// For a debug log only: which step failed behind a deliberately generic refusal (such as
    /// DECRYPT_FAILED). Never key material, never sent to a peer or shown to a user.
    /// </summary>
    public string? Diagnostic { get; }

    /// <summary>The refusal this exception carries up to where it is answered.</summary>
    public Delivery.Refusal Refusal => new(Reason, Message, Diagnostic);

    /// <summary>The one line the CLI prints: <c>rejected: CODE: reason</c>.</summary>
    public string ToRejectionLine() => $"rejected: {Reason.Name()}: {Message}";
}
