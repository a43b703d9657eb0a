using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// Withdrawing, erasing and rectifying identity data leaves no trace of the data: what either
/// gateway logs and audits, and what status answers, carry ids, states and codes only.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticePersonalDataTests(ExchangeFederation federation) : IDisposable
{
    private static readonly string[] Distinctive = ["QWXZVKJHPLN", "MNBVCXZLKJQ", "ZZ7319947", "1997-03-14", "Qyteti Provë Tjetër"];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Notices_about_identity_data_log_audit_and_answer_ids_and_codes_but_no_value()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al"), o => o.InboxRetentionHours = 0);
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var officer = federation.Client("AL/CONSULAR", "consular-officer");

        var unread = await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, Request());
        var read = await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, Request());
        var corrected = await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, Request());
        await DeliveredAsync(caseWorker, unread.MessageId, read.MessageId, corrected.MessageId);
        var received = await LookAsync(officer);
        var readOne = Assert.Single(received, m => m.MessageId == read.MessageId);
        await officer.AcknowledgeAsync(new AcknowledgeRequest { MessageId = read.MessageId, Sender = "IT/NCP" }, deadline: Deadline());

        var withdrawal = await NotifyAsync(caseWorker, "AL/CONSULAR", NoticeKind.ConsentWithdrawal, [unread.MessageId]);
        var erasure = await NotifyAsync(caseWorker, "AL/CONSULAR", NoticeKind.Erasure, [read.MessageId]);
        var rectification = await NotifyAsync(caseWorker, "AL/CONSULAR", NoticeKind.Rectification, [corrected.MessageId], correctedBy: read.MessageId);
        var statuses = new List<StatusResponse>
        {
            await WaitForNoticeAsync(caseWorker, unread.MessageId, withdrawal.MessageId, NoticeReferenceOutcome.Applied),
            await WaitForNoticeAsync(caseWorker, read.MessageId, erasure.MessageId, NoticeReferenceOutcome.Applied),
            await WaitForNoticeAsync(caseWorker, corrected.MessageId, rectification.MessageId, NoticeReferenceOutcome.Applied),
        };
        await consular.PurgeNowAsync();
        foreach (var id in new[] { unread.MessageId, read.MessageId, corrected.MessageId })
        {
            statuses.Add(await officer.StatusAsync(new StatusRequest { MessageId = id }, deadline: Deadline()));
        }

        Assert.Equal(
            [StateNames.Name(InboxState.Withdrawn), StateNames.Name(InboxState.ErasureRequested), StateNames.Name(InboxState.Superseded)],
            statuses.Skip(3).Select(s => s.CurrentState));

        // The values did cross, and the logs saw the notices: the test would be worthless otherwise.
        Assert.Equal(Distinctive[0], readOne.Payload.IdentityConfirmationRequest.Person.FamilyName);
        Assert.Equal(Distinctive[3], readOne.Payload.IdentityConfirmationRequest.Person.DateOfBirth);
        var texts = new List<string>();
        texts.AddRange(italy.Log.Entries.Select(e => e.ToString()));
        texts.AddRange(consular.Log.Entries.Select(e => e.ToString()));
        Assert.Contains(texts, t => t.Contains(withdrawal.MessageId, StringComparison.Ordinal));
        texts.AddRange(statuses.Select(s => s.ToString()));
        foreach (var id in new[] { unread.MessageId, read.MessageId, corrected.MessageId, withdrawal.MessageId, erasure.MessageId, rectification.MessageId })
        {
            texts.AddRange((await italy.Store.TrailAsync(id, CancellationToken.None)).Select(e => e.ToString()));
            texts.AddRange((await consular.Store.TrailAsync(id, CancellationToken.None)).Select(e => e.ToString()));
        }

        foreach (var value in Distinctive)
        {
            Assert.DoesNotContain(texts, t => t.Contains(value, StringComparison.Ordinal));
        }

        italy.Log.AssertNoUnexpectedErrors();
        consular.Log.AssertNoUnexpectedErrors();
    }

    private static CasePayload Request()
    {
        var payload = Example("identity-confirmation-request");
        var person = payload.IdentityConfirmationRequest.Person;
        person.FamilyName = Distinctive[0];
        person.GivenNames = Distinctive[1];
        payload.IdentityConfirmationRequest.Evidence[0].DocumentNumber = Distinctive[2];
        person.DateOfBirth = Distinctive[3];
        person.PlaceOfBirth = Distinctive[4];
        return payload;
    }
}
