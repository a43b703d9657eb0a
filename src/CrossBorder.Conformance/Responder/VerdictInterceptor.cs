using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// Gives a verdict to a Deliver call that the gateway's interceptors inside it refused before the
/// service judged the envelope (fields of the DeliverRequest, the per-call certificate check, a
/// stale trust list), so that every delivery has one. Calls the service judged are marked and passed on.
/// </summary>
internal sealed class VerdictInterceptor(ResponderJudge judge) : Interceptor
{
    private const string JudgedKey = "crossborder.responder.judged";

    public static void MarkJudged(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UserState[JudgedKey] = true;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RejectedException refusal) when (request is DeliverRequest deliver && !context.UserState.ContainsKey(JudgedKey))
        {
            var peer = context.UserState.Values.OfType<ParticipantId>().FirstOrDefault();
            await judge.RefusedCallAsync(peer, deliver.Envelope.Length, refusal, context.CancellationToken).ConfigureAwait(false);
            throw;
        }
    }
}
