using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Grpc.Core;

namespace CrossBorder.Conformance.Target;

/// <summary>What the target answered a Deliver call: a signed receipt, or a gRPC status with the reason its ErrorInfo named (if any).</summary>
internal abstract record DeliveryAnswer
{
    /// <summary>A DeliverResponse: the signed receipt bytes, to be verified before they mean anything.</summary>
    internal sealed record Receipted(byte[] SignedReceipt) : DeliveryAnswer
    {
        public override string ToString() => "a signed receipt";
    }

    /// <summary>A gRPC error; <paramref name="Reason"/> is the reason code of its ErrorInfo in the crossborder.v1 domain.</summary>
    internal sealed record Status(StatusCode Code, ReasonCode? Reason) : DeliveryAnswer
    {
        /// <summary>The status message (grpc-message) as received.</summary>
        public string Message { get; init; } = "";

        /// <summary>The google.rpc.Status of grpc-status-details-bin, if the answer held one that parses.</summary>
        public Google.Rpc.Status? Details { get; init; }

        /// <summary>True when the target answered this status; false when the client made it up (a connection or handshake failure).</summary>
        public bool FromTarget { get; init; } = true;

        /// <summary>Every trailer (and trailers-only header) of the answer, binary ones in base64, for the checks of what a refusal may hold.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; init; } = [];

        public override string ToString() => Reason is { } reason ? $"status {Code} with reason {reason.Name()}" : $"status {Code} without a reason";

        /// <summary>The answer a gRPC client saw as an exception.</summary>
        public static Status Of(RpcException exception)
        {
            ArgumentNullException.ThrowIfNull(exception);
            Google.Rpc.Status? details;
            try
            {
                details = exception.GetRpcStatus();
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                details = null;
            }

            return new Status(exception.StatusCode, RefusalStatus.ReasonOf(exception))
            {
                Message = exception.Status.Detail,
                FromTarget = exception.Status.DebugException is null,
                Details = details,
                Trailers = [.. exception.Trailers.Select(t => KeyValuePair.Create(t.Key, t.IsBinary ? Convert.ToBase64String(t.ValueBytes) : t.Value))],
            };
        }
    }
}
