using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// Distinctive values sent through two gateways appear nowhere but in the sealed payload: not in
/// spans (names, tags, events), metrics, logs, refusal texts, decision reports, the routing
/// header or the audit trail.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoPersonalDataOutsideTheEnvelopeTests(ExchangeFederation federation) : IDisposable
{
    private static readonly string[] Distinctive = ["QWXZVKJHPL", "ZZ7319946", "MNBVCXZLKJ", "Qyteti Provë Unik", "PLAKGJURMIM"];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Distinctive_values_are_delivered_but_never_exported_logged_audited_or_routed()
    {
        using var exported = new TelemetryCapture();

        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al-consular"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var officer = federation.Client("AL/CONSULAR", "consular-officer");

        var payload = Example("identity-confirmation-request");
        var request = payload.IdentityConfirmationRequest;
        request.Person.FamilyName = Distinctive[0];
        request.Evidence[0].DocumentNumber = Distinctive[1];
        request.Person.GivenNames = Distinctive[2];
        request.Person.PlaceOfBirth = Distinctive[3];
        request.Person.FatherGivenName = Distinctive[4];
        var submitted = await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, payload);
        var received = Assert.Single(await ReadAsync(officer, 1, ack: false));
        var inbox = Assert.Single(await consular.Store.OfferAsync(new HashSet<MessageType> { MessageType.IdentityConfirmationRequest }, 10, TimeProvider.System.GetUtcNow(), CancellationToken.None));
        var route = SealedEnvelope.Parser.ParseFrom(inbox.Envelope.Span).Route.ToString();
        await officer.AcknowledgeAsync(new AcknowledgeRequest { MessageId = received.MessageId, Sender = received.Sender }, deadline: Deadline());
        await WaitForStateAsync(caseWorker, submitted.MessageId, StateNames.Name(AuditState.Delivered));

        // Refusals: the same values in a submission the policy refuses and in one the contract refuses.
        var refused = payload.Clone();
        refused.IdentityConfirmationRequest.InternationalProtection = true;
        var (_, policyError) = await RefusalAsync(() => SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, refused));
        var (_, roleError) = await RefusalAsync(() => SendAsync(officer, "IT/NCP", Purpose.IdentityVerification, payload));

        // The values did cross: the test would be worthless if they had not.
        Assert.Equal(Distinctive[0], received.Payload.IdentityConfirmationRequest.Person.FamilyName);
        Assert.Equal(Distinctive[1], received.Payload.IdentityConfirmationRequest.Evidence[0].DocumentNumber);

        var texts = new List<string>(exported.Lines)
        {
            policyError.Status.Detail,
            roleError.Status.Detail,
            policyError.Trailers.ToString() ?? "",
            string.Join("\n", submitted.Decisions),
            route,
        };
        texts.AddRange(italy.Log.Entries.Select(e => e.ToString()));
        texts.AddRange(consular.Log.Entries.Select(e => e.ToString()));
        foreach (var store in new[] { italy.Store, consular.Store })
        {
            texts.AddRange((await store.TrailAsync(submitted.MessageId, CancellationToken.None)).Select(e => e.ToString()));
        }

        var stored = await consular.Store.FindInboundAsync("IT/NCP", submitted.MessageId, CancellationToken.None);
        Assert.NotNull(stored);
        var policyDetails = Encoding.UTF8.GetString(policyError.Trailers.GetValueBytes("grpc-status-details-bin") ?? []);
        texts.Add(policyDetails);
        Assert.True(exported.Lines.Count > 10, "the span and metric listeners saw the exchange");
        foreach (var value in Distinctive)
        {
            Assert.DoesNotContain(texts, t => t.Contains(value, StringComparison.Ordinal));
        }
    }
}
