using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Delivery;

/// <summary>
/// The one form a refusal takes on a message's way: a stable reason code and a detail text that is
/// safe to show a user or a peer (fixed texts, participant ids, field paths and codes; never payload
/// values). Steps return it as a value; only a deep helper that must unwind throws it, inside a
/// <see cref="RejectedException"/>, and only the gRPC edge turns it into a status.
/// </summary>
/// <param name="Reason">Why the message was refused.</param>
/// <param name="Detail">The safe text that explains it.</param>
/// <param name="Diagnostic">For a debug log only: which step failed behind a deliberately generic refusal (such as DECRYPT_FAILED); never sent or shown.</param>
public sealed record Refusal(ReasonCode Reason, string Detail, string? Diagnostic = null)
{
    /// <summary>The refusal a thrown <see cref="RejectedException"/> carries.</summary>
    public static Refusal Of(RejectedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Refusal;
    }

    /// <summary>The exception that carries this refusal, for the places that must unwind.</summary>
    public RejectedException ToException() => new(Reason, Detail, Diagnostic);
}
