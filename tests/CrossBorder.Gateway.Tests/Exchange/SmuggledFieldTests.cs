using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// Bytes hidden in a field sent with another wire type never get past the gateway: a local
/// client's submission and a trusted peer's signed envelope carrying one are refused with
/// UNKNOWN_FIELD, nothing is queued or stored, and the text appears in no answer.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class SmuggledFieldTests(ExchangeFederation federation) : IDisposable
{
    private const string Smuggled = "victim_status=IDENTIFIED, shelter=Via Roma 1";
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_submission_smuggling_text_in_a_bool_a_fixed64_or_a_group_is_refused_and_nothing_is_queued()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var example = Example("identity-confirmation-request").ToByteArray();

        // CasePayload field 2 (IdentityConfirmationRequest), inside it field 8 (a bool) as the attacker sends it.
        byte[][] smuggles =
        [
            TestPeer.LengthDelimited(8, Encoding.UTF8.GetBytes(Smuggled)),
            [0x41, .. BitConverter.GetBytes(0x4142_4344_4546_4748UL)],                          // field 8, wire type 1
            [0x43, .. TestPeer.LengthDelimited(1, Encoding.UTF8.GetBytes(Smuggled)), 0x44],      // field 8 as a group
        ];
        foreach (var smuggle in smuggles)
        {
            var payload = CasePayload.Parser.ParseFrom([.. example, .. TestPeer.LengthDelimited(2, smuggle)]);
            var (reason, error) = await RefusalAsync(() => SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, payload));

            Assert.Equal(ReasonCode.UnknownField, reason);
            Assert.Contains("identity_confirmation_request.#8", error.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("shelter", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await italy.Store.OutboxCountsAsync(CancellationToken.None)).Values.Sum());
        var good = await SendAsync(caseWorker, "AL/CONSULAR", Purpose.IdentityVerification, Example("identity-confirmation-request"));
        Assert.NotEmpty(good.MessageId);
    }

    [Fact]
    public async Task A_trusted_peer_s_signed_envelope_smuggling_a_field_is_refused_and_never_reaches_the_inbox()
    {
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(consular, "AL/CONSULAR");
        var payload = TestPeer.LengthDelimited(2, [.. Example("identity-confirmation-request").IdentityConfirmationRequest.ToByteArray(),
            .. TestPeer.LengthDelimited(8, Encoding.UTF8.GetBytes(Smuggled))]);
        var smuggling = italy.SealRawPayload("AL/CONSULAR", MessageType.IdentityConfirmationRequest, payload);

        var (reason, error) = await RefusalAsync(() => TestPeer.DeliverAsync(client, smuggling.ToByteString()));
        var (routeReason, _) = await RefusalAsync(() => TestPeer.DeliverAsync(client, ByteString.CopyFrom(
            [.. smuggling.ToByteArray(), .. TestPeer.LengthDelimited(1, [.. smuggling.Route.ToByteArray(), .. TestPeer.LengthDelimited(40, Encoding.UTF8.GetBytes(Smuggled))])])));
        var (requestReason, _) = await RefusalAsync(async () => await client.DeliverAsync(
            DeliverRequest.Parser.ParseFrom([.. new DeliverRequest { Envelope = smuggling.ToByteString() }.ToByteArray(), 0x10, 0x01]), deadline: Deadline()));

        Assert.Equal(ReasonCode.UnknownField, reason);
        Assert.DoesNotContain("shelter", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ReasonCode.UnknownField, routeReason);
        Assert.Equal(ReasonCode.UnknownField, requestReason);
        Assert.Empty(await consular.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None));

        var clean = italy.SealRawPayload("AL/CONSULAR", MessageType.IdentityConfirmationRequest,
            TestPeer.LengthDelimited(2, Minimized("identity-confirmation-request", Purpose.IdentityVerification, to: "AL/CONSULAR").IdentityConfirmationRequest.ToByteArray()));
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(client, clean.ToByteString()), "AL/CONSULAR", clean).Outcome);
    }

    [Fact]
    public async Task A_signed_envelope_whose_timestamp_is_no_time_is_refused_with_a_reason_code_not_a_temporary_failure()
    {
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(consular, "AL/CONSULAR");
        var payload = TestPeer.LengthDelimited(2, Minimized("identity-confirmation-request", Purpose.IdentityVerification, to: "AL/CONSULAR").IdentityConfirmationRequest.ToByteArray());
        var negativeNanos = italy.SealRawPayload("AL/CONSULAR", MessageType.IdentityConfirmationRequest, payload,
            h => h.Route.CreatedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = h.Route.CreatedAt.Seconds, Nanos = -5 });
        var year10000 = italy.SealRawPayload("AL/CONSULAR", MessageType.IdentityConfirmationRequest, payload,
            h => h.Route.ExpiresAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 253_402_300_800 });

        var (nanosReason, nanosError) = await RefusalAsync(() => TestPeer.DeliverAsync(client, negativeNanos.ToByteString()));
        var (yearReason, _) = await RefusalAsync(() => TestPeer.DeliverAsync(client, year10000.ToByteString()));

        Assert.Equal(ReasonCode.UnknownField, nanosReason);
        Assert.Contains("created_at.nanos", nanosError.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ReasonCode.UnknownField, yearReason);
        Assert.Empty(await consular.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None));
    }
}
