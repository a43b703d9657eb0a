using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Grpc.Core;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// What the responder answered a delivery: ACCEPTED, REJECTED with the receipt's reason, or a gRPC
/// status (named as in the spec's table, e.g. <c>INVALID_ARGUMENT</c>) with the ErrorInfo reason.
/// </summary>
internal sealed record VerdictAnswer(string Kind, string? Status = null, string? Reason = null)
{
    public const string Accepted = "ACCEPTED";
    public const string Rejected = "REJECTED";
    public const string Refused = "STATUS";

    public static VerdictAnswer Accept() => new(Accepted);

    public static VerdictAnswer Reject(ReasonCode reason) => new(Rejected, null, reason.Name());

    public static VerdictAnswer Refusal(StatusCode code, ReasonCode reason) => new(Refused, StatusName(code), reason.Name());

    /// <summary><c>ACCEPTED</c>, <c>REJECTED STALE</c>, <c>INVALID_ARGUMENT MALFORMED</c>.</summary>
    public override string ToString() => Kind switch
    {
        Accepted => Accepted,
        Rejected => $"{Rejected} {Reason}",
        _ => $"{Status} {Reason}",
    };

    /// <summary>The gRPC status name of the wire spec's tables: <c>FailedPrecondition</c> is <c>FAILED_PRECONDITION</c>.</summary>
    private static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        var upper = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                upper.Append('_');
            }

            upper.Append(char.ToUpperInvariant(name[i]));
        }

        return upper.ToString();
    }
}
