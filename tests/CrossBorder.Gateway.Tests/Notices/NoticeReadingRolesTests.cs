using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// An erasure request must reach the application that holds the data: the notice about an
/// acknowledged child-protection message is offered to the child-protection role, whatever another
/// local role of the same participant does with its own inbox.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeReadingRolesTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_erasure_notice_about_a_child_protection_message_reaches_the_child_protection_role_even_after_the_case_worker_read_its_inbox()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var sender = federation.Client("IT/NCP", "child-protection");
        var unit = federation.Client("AL/NCP", "child-protection");
        var caseWorker = federation.Client("AL/NCP", "case-worker");
        var child = await SendAsync(sender, "AL/NCP", Purpose.ChildProtection, Example("child-protection-exchange"));
        Assert.Equal(child.MessageId, Assert.Single(await ReadAsync(unit, 1, ack: true)).MessageId);

        var notice = await NotifyAsync(sender, "AL/NCP", NoticeKind.Erasure, [child.MessageId]);
        await WaitForStatusAsync(unit, child.MessageId, s => s.CurrentState == StateNames.Name(InboxState.ErasureRequested), StateNames.Name(InboxState.ErasureRequested));
        await WaitForNoticeAsync(sender, child.MessageId, notice.MessageId, NoticeReferenceOutcome.Applied);

        // Offered to the role that must act on it, which does not acknowledge it yet (it is busy erasing).
        Assert.Contains(await LookAsync(unit), m => m.MessageId == notice.MessageId);

        // The case worker handles its own inbox as an application does: it acknowledges what it is offered.
        foreach (var message in await LookAsync(caseWorker))
        {
            await caseWorker.AcknowledgeAsync(new AcknowledgeRequest { MessageId = message.MessageId, Sender = message.Sender }, deadline: Deadline());
        }

        var offered = await LookAsync(unit);
        Assert.True(
            offered.Any(m => m.MessageId == notice.MessageId),
            $"the child-protection role, which acknowledged {child.MessageId} and must erase it, was not offered the erasure notice {notice.MessageId}; its inbox: [{string.Join(", ", offered.Select(m => m.MessageId))}]");
    }
}
