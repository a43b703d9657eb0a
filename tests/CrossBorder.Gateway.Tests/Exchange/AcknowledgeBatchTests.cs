using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// The local face's batch acknowledge over real gRPC: one call for up to 100 messages, one result
/// per message in order, keys that name nothing of the caller's answered NOT_FOUND without
/// failing the others, and a refusal with its reason code for an empty, oversized or
/// ill-typed batch.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class AcknowledgeBatchTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_batch_acknowledges_what_the_role_reads_and_answers_not_found_for_the_rest()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var peer = italy.Client(albania, "AL/NCP");
        var plans = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var envelope = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination));
            Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, envelope.ToByteString()), "AL/NCP", envelope).Outcome);
            plans.Add(envelope.Route.MessageId);
        }

        // Read only by the child-protection role: the case worker cannot acknowledge it away.
        var child = italy.Seal("AL/NCP", Minimized("child-protection-exchange", Purpose.ChildProtection));
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, child.ToByteString()), "AL/NCP", child).Outcome);

        var reader = federation.Client("AL/NCP", "case-worker");
        Assert.Equal(plans.Order(), (await ReadAsync(reader, 2, ack: false)).Select(m => m.MessageId).Order());

        var request = new AcknowledgeBatchRequest();
        request.Messages.Add(Key(plans[0]));
        request.Messages.Add(Key("not-an-id\u202e"));
        request.Messages.Add(Key(child.Route.MessageId));
        request.Messages.Add(Key(plans[1]));
        request.Messages.Add(Key(plans[0]));
        request.Messages.Add(new AcknowledgeRequest { MessageId = plans[1], Sender = "XX/NOBODY" });
        request.Messages.Add(new AcknowledgeRequest { MessageId = plans[1], Sender = "" });
        var answer = await reader.AcknowledgeBatchAsync(request, deadline: Deadline());

        Assert.Equal(request.Messages.Select(m => (m.MessageId, m.Sender)), answer.Results.Select(r => (r.MessageId, r.Sender)));
        Assert.Equal(
            [ReasonCode.Unspecified, ReasonCode.NotFound, ReasonCode.NotFound, ReasonCode.Unspecified, ReasonCode.Unspecified, ReasonCode.NotFound, ReasonCode.NotFound],
            answer.Results.Select(r => r.Reason));
        Assert.Equal(answer.Results.Select(r => r.Reason == ReasonCode.Unspecified), answer.Results.Select(r => r.AcknowledgedAt is not null));
        Assert.Equal(answer.Results[0].AcknowledgedAt, answer.Results[4].AcknowledgedAt);

        // Acknowledged messages are never offered again; the child-protection message still is, to its role.
        Assert.Empty((await reader.InboxAsync(new InboxRequest(), deadline: Deadline())).Messages);
        foreach (var plan in plans)
        {
            Assert.Equal(StateNames.Name(InboxState.Acknowledged), (await reader.StatusAsync(new StatusRequest { MessageId = plan }, deadline: Deadline())).CurrentState);
        }

        var childProtection = federation.Client("AL/NCP", "child-protection");
        Assert.Equal(child.Route.MessageId, Assert.Single((await childProtection.InboxAsync(new InboxRequest(), deadline: Deadline())).Messages).MessageId);
    }

    [Fact]
    public async Task An_empty_or_oversized_batch_is_refused_with_its_reason_and_acknowledges_nothing()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var envelope = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination));
        await TestPeer.DeliverAsync(italy.Client(albania, "AL/NCP"), envelope.ToByteString());
        var reader = federation.Client("AL/NCP", "case-worker");

        var (emptyReason, _) = await RefusalAsync(() => reader.AcknowledgeBatchAsync(new AcknowledgeBatchRequest(), deadline: Deadline()).ResponseAsync);
        Assert.Equal(ReasonCode.Malformed, emptyReason);

        var tooMany = new AcknowledgeBatchRequest();
        tooMany.Messages.AddRange(Enumerable.Repeat(Key(envelope.Route.MessageId), 101));
        var (tooManyReason, error) = await RefusalAsync(() => reader.AcknowledgeBatchAsync(tooMany, deadline: Deadline()).ResponseAsync);
        Assert.Equal(ReasonCode.TooLarge, tooManyReason);
        Assert.DoesNotContain("Exception", error.Status.Detail, StringComparison.Ordinal);

        // From raw bytes: field 1 sent as fixed32 instead of a message is refused whole, not read as an empty batch.
        byte[] hostile = [0x0D, 0x01, 0x02, 0x03, 0x04];
        var (hostileReason, _) = await RefusalAsync(() => reader.AcknowledgeBatchAsync(AcknowledgeBatchRequest.Parser.ParseFrom(hostile), deadline: Deadline()).ResponseAsync);
        Assert.Equal(ReasonCode.UnknownField, hostileReason);

        Assert.Equal(envelope.Route.MessageId, Assert.Single((await reader.InboxAsync(new InboxRequest(), deadline: Deadline())).Messages).MessageId);
    }

    private static AcknowledgeRequest Key(string messageId) => new() { MessageId = messageId, Sender = "IT/NCP" };
}
