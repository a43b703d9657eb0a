using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CrossBorder.Gateway.Security;

/// <summary>
/// The edge's refusals, with the table from reason codes to gRPC status of
/// <see cref="RefusalStatus.StatusOf"/>. Every refusal crosses the edge as a status
/// whose message is <c>CODE: safe text</c> and whose details hold a google.rpc.ErrorInfo with
/// the reason code, domain <c>crossborder.v1</c>.
/// </summary>
internal static class ErrorStatus
{
    /// <summary>The ErrorInfo domain of CrossBorder reason codes (clients read it back with <see cref="RefusalStatus"/>).</summary>
    public const string Domain = RefusalStatus.Domain;

    public static StatusCode ToStatusCode(ReasonCode reason) => RefusalStatus.StatusOf(reason);

    public static RpcException ToRpcException(ReasonCode reason, string safeMessage, Google.Protobuf.IMessage? detail = null) =>
        ToStatus(reason, safeMessage, detail).ToRpcException();

    /// <summary>
    /// Answers a refusal as a gRPC trailers-only response from outside a gRPC method (middleware
    /// that refuses before the call's message is read): the same status, message and ErrorInfo.
    /// </summary>
    public static void WriteTrailersOnly(Microsoft.AspNetCore.Http.HttpResponse response, RejectedException refusal)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(refusal);
        var status = ToStatus(refusal.Reason, refusal.Message, null);
        response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
    }

    private static Google.Rpc.Status ToStatus(ReasonCode reason, string safeMessage, Google.Protobuf.IMessage? detail)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)ToStatusCode(reason),
            Message = $"{reason.Name()}: {safeMessage}",
            Details = { Any.Pack(new ErrorInfo { Reason = reason.Name(), Domain = Domain }) },
        };
        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status;
    }
}
