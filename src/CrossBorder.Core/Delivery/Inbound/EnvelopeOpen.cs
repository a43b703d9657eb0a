using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Opens a routed envelope: decrypts with this gateway's keys, verifies the signature, validates
/// the signer's path against the trust list in force, and binds the signed header to the routing
/// header. The route's recipient, type and schema version were checked by <see cref="RouteCheck"/>
/// and are not checked again. A refusal here concerns unauthenticated bytes: the edge answers it as
/// a gRPC error.
/// </summary>
public sealed class EnvelopeOpen(EnvelopeOpener opener)
{
    /// <summary>The opened envelope, or the refusal (DECRYPT_FAILED, BAD_SIGNATURE, a path code, HEADER_MISMATCH, ...).</summary>
    public Outcome<OpenedEnvelope> Open(RouteHeader route, ReadOnlyMemory<byte> sealedBytes)
    {
        try
        {
            return opener.OpenRouted(route, sealedBytes);
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
