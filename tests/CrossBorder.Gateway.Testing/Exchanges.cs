using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Grpc.Core;

namespace CrossBorder.Gateway.Testing;

/// <summary>Helpers of the exchange tests: example payloads, submissions, inbox reads and status waits.</summary>
internal static class Exchanges
{
    public const string LegalBasis = "AL-IT/2019/TRM-MoU art. 6";


    public static CasePayload Example(string name) =>
        PayloadJson.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "payloads", name + ".json")), name);

    /// <summary>An example minimized by the default policy from one NCP to another, as a well-behaved sender would send it.</summary>
    public static CasePayload Minimized(string name, Purpose purpose, string from = "IT/NCP", string to = "AL/NCP")
    {
        var payload = Example(name);
        HashSet<ParticipantRole> ncp = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator];
        var context = new PolicyContext((MessageType)(int)payload.BodyCase, ParticipantId.Parse(from), ncp, ParticipantId.Parse(to), ncp, purpose, TimeProvider.System.GetUtcNow());
        var outcome = PolicyLoader.LoadDefault().Evaluate(payload, context, new DerivedPseudonymKeySource(new byte[32], "k1"));
        return Assert.IsType<PolicyAllowed>(outcome).Payload;
    }

    public static DateTime Deadline(double seconds = 30) => TimeProvider.System.GetUtcNow().AddSeconds(seconds).UtcDateTime;

    public static async Task<SubmitResponse> SendAsync(
        LocalExchange.LocalExchangeClient client, string to, Purpose purpose, CasePayload payload, string inReplyTo = "")
    {
        return await client.SubmitAsync(
            new SubmitRequest { Recipient = to, Purpose = purpose, LegalBasis = LegalBasis, Payload = payload, InReplyTo = inReplyTo },
            deadline: Deadline());
    }

    /// <summary>Reads the inbox until <paramref name="count"/> messages came or the time is up.</summary>
    public static async Task<List<InboxMessage>> ReadAsync(LocalExchange.LocalExchangeClient client, int count, double seconds = 30, bool ack = true)
    {
        var received = new List<InboxMessage>();
        var until = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (received.Count < count && TimeProvider.System.GetUtcNow() < until)
        {
            var answer = await client.InboxAsync(new InboxRequest { WaitSeconds = 2, MaxMessages = 100 }, deadline: Deadline());
            foreach (var message in answer.Messages)
            {
                received.Add(message);
                if (ack)
                {
                    await client.AcknowledgeAsync(new AcknowledgeRequest { MessageId = message.MessageId, Sender = message.Sender }, deadline: Deadline());
                }
            }
        }

        return received;
    }

    /// <summary>Polls status until the message reaches <paramref name="state"/>; the last answer either way.</summary>
    public static async Task<StatusResponse> WaitForStateAsync(LocalExchange.LocalExchangeClient client, string messageId, string state, double seconds = 30)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (true)
        {
            var status = await client.StatusAsync(new StatusRequest { MessageId = messageId }, deadline: Deadline());
            if (status.CurrentState == state || TimeProvider.System.GetUtcNow() > until)
            {
                return status;
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The message with a field number 99 the contract does not define (kept by the parser as an unknown field).</summary>
    public static T WithUnknownField<T>(T message)
        where T : IMessage<T>, new()
    {
        // Tag of field 99, wire type 2 (length-delimited) = 794 = varint 0x9A 0x06; then length 1 and one byte.
        byte[] bytes = [.. message.ToByteArray(), 0x9A, 0x06, 0x01, (byte)'x'];
        return new MessageParser<T>(() => new T()).ParseFrom(bytes);
    }

    /// <summary>The reason code of a refused call.</summary>
    public static async Task<(ReasonCode? Reason, RpcException Error)> RefusalAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        return (RefusalStatus.ReasonOf(error), error);
    }
}
