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
        public override string ToString() => Reason is { } reason ? $"status {Code} with reason {reason.Name()}" : $"status {Code} without a reason";
    }
}
