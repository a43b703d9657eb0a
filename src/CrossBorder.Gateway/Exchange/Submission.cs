using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Security;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The local face's edge of the submit pipeline: runs <see cref="OutboundPipeline"/> for the
/// caller's local role and turns its refusal into the gRPC status. A policy refusal carries its
/// decision report (paths, rules and codes, never values); any other refusal unwinds to the error
/// interceptor, which logs and maps it like every other call's.
/// </summary>
internal sealed class Submission(OutboundPipeline pipeline)
{
    public async Task<SubmitResponse> SubmitAsync(SubmitRequest request, LocalRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        var answer = await pipeline.SubmitAsync(request, role.Name, role.MaySubmit, cancellationToken).ConfigureAwait(false);
        if (answer.Outcome.IsAccepted)
        {
            return answer.Outcome.Value;
        }

        var refusal = answer.Outcome.Refusal!;
        throw answer.Report is { } report
            ? ErrorStatus.ToRpcException(refusal.Reason, refusal.Detail, report)
            : refusal.ToException();
    }
}
