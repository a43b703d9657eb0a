using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 11: each message type the trust list lets the sender send to the target, delivered
/// well-formed, gets a receipt that passes the sender's check — signed by the target, about this
/// message and sender, over the SHA-256 of exactly the sealed bytes sent — and says ACCEPTED.
/// </summary>
internal static class ReceiptCases
{
    public static IEnumerable<ConformanceCase> All() => Enum.GetValues<MessageType>()
        .Where(t => t != MessageType.Unspecified)
        .Select(Delivered);

    private static ConformanceCase Delivered(MessageType type)
    {
        var name = ProtoEnumNames<MessageType>.Name(type);
        var expectation = $"a well-formed {name} gets a signed ACCEPTED receipt over exactly the bytes sent";
        return Case($"receipts.{name.ToLowerInvariant().Replace('_', '-')}", expectation, async (run, token) =>
        {
            if (!run.Envelopes.AllowedTypes.Contains(type))
            {
                return CaseVerdict.Skip(expectation, $"the trust list does not let {run.Credentials.Participant} send {name} to {run.Target!.Id}");
            }

            var (envelope, skipped) = run.Envelopes.Seal(type);
            return envelope is null
                ? PolicySkip(expectation, skipped!)
                : Expect.Accepted(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false));
        });
    }
}
