using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>Helpers of the notice tests: building and submitting a notice, and waiting on what a status says.</summary>
internal static class NoticeSteps
{
    /// <summary>A notice of <paramref name="kind"/> about <paramref name="references"/>, on the example's other fields.</summary>
    public static CasePayload Notice(NoticeKind kind, IEnumerable<string> references, string correctedBy = "")
    {
        var payload = Example("correction-or-withdrawal-notice");
        var notice = payload.CorrectionOrWithdrawalNotice;
        notice.Kind = kind;
        notice.RequestedAction = kind == NoticeKind.Rectification ? NoticeAction.ReplaceWithCorrectedMessage : NoticeAction.Erase;
        notice.MessageReferences.Clear();
        notice.MessageReferences.AddRange(references);
        notice.CorrectedBy = correctedBy;
        return payload;
    }

    /// <summary>Submits a notice to <paramref name="to"/>, in <paramref name="conversationId"/> when given.</summary>
    public static async Task<SubmitResponse> NotifyAsync(
        LocalExchange.LocalExchangeClient client, string to, NoticeKind kind, IEnumerable<string> references, string correctedBy = "", string conversationId = "") =>
        await client.SubmitAsync(
            new SubmitRequest
            {
                Recipient = to,
                Purpose = Purpose.DataSubjectRights,
                LegalBasis = LegalBasis,
                ConversationId = conversationId,
                Payload = Notice(kind, references, correctedBy),
            },
            deadline: Deadline());

    /// <summary>Polls a message's status until <paramref name="done"/> holds; fails with the last answer when the time is up.</summary>
    public static async Task<StatusResponse> WaitForStatusAsync(
        LocalExchange.LocalExchangeClient client, string messageId, Func<StatusResponse, bool> done, string what, double seconds = 20)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (true)
        {
            var status = await client.StatusAsync(new StatusRequest { MessageId = messageId }, deadline: Deadline());
            if (done(status))
            {
                return status;
            }

            if (TimeProvider.System.GetUtcNow() > until)
            {
                Assert.Fail($"within {seconds} s, {messageId} never got to: {what}; last status: {status}");
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Waits until the status of <paramref name="messageId"/> shows <paramref name="noticeId"/> with <paramref name="outcome"/>.</summary>
    public static Task<StatusResponse> WaitForNoticeAsync(
        LocalExchange.LocalExchangeClient client, string messageId, string noticeId, NoticeReferenceOutcome outcome, double seconds = 20) =>
        WaitForStatusAsync(client, messageId, s => s.Notices.Any(n => n.NoticeId == noticeId && n.Outcome == outcome), $"notice {noticeId} {outcome}", seconds);

    /// <summary>What the recipient's signed receipt of a sent notice says of each reference, read from the sender's outbox.</summary>
    public static async Task<IReadOnlyList<(string MessageId, NoticeReferenceOutcome Outcome, ReasonCode Reason)>> ReceiptReferencesAsync(TestGateway sender, string noticeId)
    {
        var sent = await sender.Store.FindOutboundAsync(noticeId, CancellationToken.None);
        Assert.NotNull(sent);
        Assert.NotNull(sent.SignedReceipt);
        var receipt = ReceiptCodec.ReadStored(sent.SignedReceipt);
        Assert.NotNull(receipt);
        Assert.Equal(ReceiptOutcome.Accepted, receipt.Outcome);
        return [.. receipt.NoticeReferences.Select(r => (r.MessageId, r.Outcome, r.Reason))];
    }

    /// <summary>Waits until each of the sent messages is DELIVERED (a verified ACCEPTED receipt came back).</summary>
    public static async Task DeliveredAsync(LocalExchange.LocalExchangeClient client, params string[] messageIds)
    {
        foreach (var id in messageIds)
        {
            await WaitForStatusAsync(client, id, s => s.CurrentState == "DELIVERED", "DELIVERED");
        }
    }

    /// <summary>The inbox of a role right now, acknowledging nothing.</summary>
    public static async Task<List<InboxMessage>> LookAsync(LocalExchange.LocalExchangeClient client) =>
        [.. (await client.InboxAsync(new InboxRequest { WaitSeconds = 0, MaxMessages = 100 }, deadline: Deadline())).Messages];
}
