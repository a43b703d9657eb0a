using System.Security.Cryptography;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 6: the signed inner header repeats every routing field; an envelope whose clear
/// routing header was changed after signing (a relay redirecting or re-dating it) is refused
/// with HEADER_MISMATCH, field by field.
/// </summary>
internal static class BindingCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Changed("binding.message-id", "message_id", (_, route) => route.MessageId = NewId());
        yield return Changed("binding.conversation-id", "conversation_id", (_, route) => route.ConversationId = NewId());
        yield return Changed("binding.created-at", "created_at", (_, route) => route.CreatedAt = Timestamp.FromDateTimeOffset(route.CreatedAt.ToDateTimeOffset().AddSeconds(-1)));
        yield return Changed("binding.expires-at", "expires_at", (_, route) => route.ExpiresAt = Timestamp.FromDateTimeOffset(route.ExpiresAt.ToDateTimeOffset().AddMinutes(1)));
        yield return Changed("binding.size-bucket", "size_bucket", (_, route) => route.SizeBucket += 1024);
        yield return Case("binding.message-type",
            "an envelope whose routing message_type was changed after signing to another type the sender may send is refused with HEADER_MISMATCH",
            async (run, token) =>
            {
                var types = run.Envelopes.AllowedTypes;
                if (run.Envelopes.DefaultType is not { } type || types.Count < 2)
                {
                    return CaseVerdict.Skip("expected HEADER_MISMATCH", "the sender may send fewer than two message types to the target");
                }

                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip("expected HEADER_MISMATCH", skipped!);
                }

                envelope.Route.MessageType = types.First(t => t != type);
                return Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.HeaderMismatch);
            });
        yield return PayloadType();
    }

    /// <summary>A payload of another type than the routed and signed message_type (WS-6-5).</summary>
    public static ConformanceCase PayloadType() => WithDefaultType("binding.payload-type",
        "signed content whose payload is of another type than the signed and routed message_type is refused with HEADER_MISMATCH",
        async (run, type, token) =>
        {
            var (envelope, skipped) = run.Envelopes.SealContent(type, content =>
            {
                content.Payload = type == MessageType.AggregateStatistics
                    ? new CasePayload { CaseReferral = new CaseReferral() }
                    : new CasePayload { AggregateStatistics = new AggregateStatistics() };
                return ContentPadding.Pad(content, []);
            });
            return envelope is null
                ? PolicySkip("expected HEADER_MISMATCH", skipped!)
                : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.HeaderMismatch);
        });

    private static ConformanceCase Changed(string id, string field, Action<CaseRun, RouteHeader> change)
    {
        var expectation = $"an envelope whose routing {field} differs from the signed inner header's is refused with HEADER_MISMATCH";
        return WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var (envelope, skipped) = run.Envelopes.Seal(type);
            if (envelope is null)
            {
                return PolicySkip(expectation, skipped!);
            }

            change(run, envelope.Route);
            return Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.HeaderMismatch);
        });
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
