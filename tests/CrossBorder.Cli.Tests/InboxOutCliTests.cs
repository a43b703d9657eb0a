using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>inbox --out DIR --ack</c> against a real gateway: a message id is unique per sender only, so
/// no payload may be lost to another sender's, and no message is acknowledged unless its own
/// payload was kept.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class InboxOutCliTests(ExchangeFederation federation) : IDisposable
{
    private static readonly HashSet<MessageType> ReturnPlans = [MessageType.ReturnPlan];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Two_senders_messages_with_the_same_id_are_both_kept_and_acknowledged_and_a_conflicting_file_leaves_its_message_unacknowledged()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        using var greece = new TestPeer(federation, "GR/NCP");
        const string Shared = "0190a1b2c3d4e5f60718293a4b5c6d7e";
        var fromItaly = await DeliverAsync(albania, italy, Shared, "return-plan", Purpose.ReturnCoordination);
        var fromGreece = await DeliverAsync(albania, greece, Shared, "case-referral", Purpose.TransnationalReferral);
        var profile = federation.Layout.ClientProfile(ParticipantId.Parse("AL/NCP"), "case-worker");
        var received = _data.File("received");

        var first = await CliRunner.RunAsync("inbox", "--profile", profile, "--max", "10", "--ack", "--out", received);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(fromItaly, ReadKept(Path.Combine(received, $"IT-NCP_{Shared}.json")));
        Assert.Equal(fromGreece, ReadKept(Path.Combine(received, $"GR-NCP_{Shared}.json")));
        Assert.Equal(2, Directory.GetFiles(received).Length);
        Assert.NotNull((await albania.Store.FindInboundAsync("IT/NCP", Shared, CancellationToken.None))!.AcknowledgedAt);
        Assert.NotNull((await albania.Store.FindInboundAsync("GR/NCP", Shared, CancellationToken.None))!.AcknowledgedAt);

        // A file of the name the next message would get already holds something else.
        const string Next = "0190a1b2c3d4e5f60718293a4b5c6d7f";
        await DeliverAsync(albania, italy, Next, "return-plan", Purpose.ReturnCoordination);
        var occupied = Path.Combine(received, $"IT-NCP_{Next}.json");
        File.WriteAllText(occupied, "{\"kept\": \"by someone else\"}\n");

        var second = await CliRunner.RunAsync("inbox", "--profile", profile, "--max", "10", "--ack", "--out", received);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"rejected: ID_CONFLICT: IT-NCP_{Next}.json exists with other content", second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("acknowledged:", second.Error, StringComparison.Ordinal);
        Assert.Equal("{\"kept\": \"by someone else\"}\n", File.ReadAllText(occupied));
        Assert.Null((await albania.Store.FindInboundAsync("IT/NCP", Next, CancellationToken.None))!.AcknowledgedAt);
        var offered = await albania.Store.OfferAsync(ReturnPlans, 10, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        Assert.Equal(Next, Assert.Single(offered).MessageId);
    }

    /// <summary>Delivers a minimized example under a chosen id; answers the payload sealed.</summary>
    private static async Task<CasePayload> DeliverAsync(TestGateway gateway, TestPeer peer, string messageId, string example, Purpose purpose)
    {
        var payload = Minimized(example, purpose, from: peer.Participant);
        var envelope = peer.Seal("AL/NCP", payload, h =>
        {
            h.Route.MessageId = messageId;
            h.Purpose = purpose;
        });
        var receipt = peer.VerifyReceipt(await TestPeer.DeliverAsync(peer.Client(gateway, "AL/NCP"), envelope.ToByteString()), "AL/NCP", envelope);
        Assert.Equal(ReceiptOutcome.Accepted, receipt.Outcome);
        return payload;
    }

    private static CasePayload ReadKept(string path) => JsonParser.Default.Parse<CasePayload>(File.ReadAllText(path));
}
