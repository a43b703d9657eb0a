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

    /// <summary>The reason code of a refusal received from a CrossBorder gateway, if it carried one.</summary>
    public static ReasonCode? ReasonOf(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var info = exception.GetRpcStatus()?.GetDetail<ErrorInfo>();
        return info is not null && info.Domain == Domain && ReasonCodes.TryParse(info.Reason, out var code) ? code : null;
    }
}
