using System.Security.Authentication;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 4.3 (WS-4-9): the police and victim-assistance channels are kept apart. A participant
/// on the other channel than the target's delivers a type that its <c>may_send</c> and the
/// target's <c>may_receive</c> both hold, so that only the channel rule can refuse it. That
/// participant is the profile's own when it is on the other channel, else the one the profile's
/// optional <c>otherChannel</c> names (a second profile of the same federation).
/// </summary>
internal static class ChannelCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Case("routing.channels-crossed",
            "an envelope from a participant on the other channel (police or victim assistance) than the target, of a type both their lists allow, is refused with NOT_AUTHORIZED",
            async (run, token) =>
            {
                const string Expected = "expected a refusal with NOT_AUTHORIZED before authentication";
                var target = run.Target!.Entry;
                var crossing = new[] { run.Credentials, run.Credentials.OtherChannel }
                    .FirstOrDefault(c => c is not null && c.Trust.Find(c.Participant) is { } entry && IsPolice(entry) != IsPolice(target));
                if (crossing is null)
                {
                    return CaseVerdict.Skip(Expected, $"{run.Credentials.Participant} is on {target.Id}'s channel and the profile names no participant of the other channel (otherChannel)");
                }

                var sender = crossing.Trust.Find(crossing.Participant)!;
                var type = sender.MaySend.Where(t => t != MessageType.LawEnforcementInformation && target.MayReceive.Contains(t)).Order().FirstOrDefault();
                if (type == MessageType.Unspecified)
                {
                    return CaseVerdict.Skip(Expected, $"no type is in both {sender.Id}'s may_send and {target.Id}'s may_receive, so NOT_AUTHORIZED would not show the channel rule");
                }

                var envelope = new EnvelopeFactory(crossing.Sender, run.Target!.Entry, run.Time).SealBlank(type);
                var answer = crossing == run.Credentials
                    ? await run.DeliverAsync(envelope, token).ConfigureAwait(false)
                    : await run.DeliverAsAsync(envelope.ToByteArray(), crossing.Tls, SslProtocols.Tls13, token).ConfigureAwait(false);
                var verdict = Expect.Refused(answer, ReasonCode.NotAuthorized);
                return verdict with { Saw = $"{verdict.Saw} ({sender.Id} to {target.Id}, {ProtoEnumNames<MessageType>.Name(type)})" };
            });
    }

    private static bool IsPolice(ParticipantEntry entry) => entry.Roles.Contains(ParticipantRole.Police);
}
