using CrossBorder.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace CrossBorder.Core.Errors;

/// <summary>
/// How a refusal travels in a gRPC status: a google.rpc.ErrorInfo with the reason code's name in
/// the domain <c>crossborder.v1</c>. The gateway's edge writes it; clients (the CLI, a peer's
/// delivery attempt) read it back here.
/// </summary>
public static class RefusalStatus
{
    /// <summary>The ErrorInfo domain of CrossBorder reason codes.</summary>
    public const string Domain = "crossborder.v1";

    /// <summary>
    /// The one table from reason codes to gRPC status (wire spec section 13): the gateway's edge
    /// answers with it, and a conformance run holds a target's refusals to it.
    /// </summary>
    public static StatusCode StatusOf(ReasonCode reason) => reason switch
    {
        ReasonCode.Malformed or ReasonCode.UnknownField or ReasonCode.UnknownMessageType
            or ReasonCode.UnsupportedSchemaVersion or ReasonCode.TooLarge or ReasonCode.InvalidFormat => StatusCode.InvalidArgument,
        ReasonCode.NotAuthorized => StatusCode.PermissionDenied,
        ReasonCode.Untrusted or ReasonCode.Expired or ReasonCode.Revoked or ReasonCode.KeyUsage
            or ReasonCode.PathConstraint or ReasonCode.CriticalExtension or ReasonCode.SignerMismatch => StatusCode.Unauthenticated,
        ReasonCode.Unavailable or ReasonCode.TrustListStale or ReasonCode.RevocationUnknown => StatusCode.Unavailable,
        ReasonCode.NotFound => StatusCode.NotFound,
        ReasonCode.IdConflict or ReasonCode.Replay => StatusCode.AlreadyExists,
        ReasonCode.PathLimit => StatusCode.Unauthenticated,
        ReasonCode.RateLimited => StatusCode.ResourceExhausted,
        _ => StatusCode.FailedPrecondition,
    };

    /// <summary>The reason code of a refusal received from a CrossBorder gateway, if it carried one.</summary>
    public static ReasonCode? ReasonOf(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var info = exception.GetRpcStatus()?.GetDetail<ErrorInfo>();
        return info is not null && info.Domain == Domain && ReasonCodes.TryParse(info.Reason, out var code) ? code : null;
    }
}
