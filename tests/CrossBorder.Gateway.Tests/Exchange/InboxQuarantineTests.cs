using System.Diagnostics.Metrics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// Inbox messages that can no longer be opened (sealed to a key the gateway does not hold, sealed
/// bytes damaged in the store) cannot block the inbox, which offers oldest first: after repeated
/// failed opens they are quarantined, with an audit entry and a metric, and never offered again.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class InboxQuarantineTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Unopenable_messages_ahead_of_a_good_one_are_quarantined_and_the_good_one_is_offered()
    {
        var data = _data.File("al");
        await using var albania = await federation.StartAsync("AL/NCP", data);
        using var italy = new TestPeer(federation, "IT/NCP");
        var peer = italy.Client(albania, "AL/NCP");
        var delivered = new List<SealedEnvelope>();
        for (var i = 0; i < 3; i++)
        {
            var envelope = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination));
            Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, envelope.ToByteString()), "AL/NCP", envelope).Outcome);
            delivered.Add(envelope);
        }

        // The first two, received earlier, can no longer be opened: one holds bytes sealed to another
        // participant's key (as after a lost key), the other's ciphertext has one byte changed.
        var lostKey = delivered[0].Clone();
        lostKey.Sealed = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination), h => h.Route = lostKey.Route.Clone(), sealTo: "GR/NCP").Sealed;
        var damaged = delivered[1].Clone();
        var bytes = damaged.Sealed.ToByteArray();
        bytes[bytes.Length / 2] ^= 0x01;
        damaged.Sealed = ByteString.CopyFrom(bytes);
        Tamper(data, lostKey);
        Tamper(data, damaged);
        var good = delivered[2].Route.MessageId;

        var quarantined = new List<KeyValuePair<string, object?>[]>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "CrossBorder.Gateway" && instrument.Name == "crossborder.inbox.quarantined")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (quarantined)
            {
                quarantined.Add(tags.ToArray());
            }
        });
        listener.Start();

        var reader = federation.Client("AL/NCP", "case-worker");

        // A failure counts once per call: three calls quarantine them; each call offers the good one behind them.
        for (var call = 1; call <= InboundDelivery.QuarantineAfter; call++)
        {
            var answer = await reader.InboxAsync(new InboxRequest { MaxMessages = 2 }, deadline: Deadline());
            Assert.Equal(good, Assert.Single(answer.Messages).MessageId);
            if (call < InboundDelivery.QuarantineAfter)
            {
                var before = await reader.StatusAsync(new StatusRequest { MessageId = lostKey.Route.MessageId }, deadline: Deadline());
                Assert.NotEqual(StateNames.Name(AuditState.Quarantined), before.CurrentState);
            }
        }

        foreach (var (envelope, reason) in new[] { (lostKey, (ReasonCode?)ReasonCode.NotARecipient), (damaged, null) })
        {
            var status = await reader.StatusAsync(new StatusRequest { MessageId = envelope.Route.MessageId }, deadline: Deadline());
            Assert.Equal(StateNames.Name(AuditState.Quarantined), status.CurrentState);
            var entry = Assert.Single(status.Events, e => e.State == StateNames.Name(AuditState.Quarantined));
            Assert.NotEqual(ReasonCode.Unspecified, entry.Reason);
            if (reason is { } expected)
            {
                Assert.Equal(expected, entry.Reason);
            }
        }

        lock (quarantined)
        {
            Assert.Equal(2, quarantined.Count);
            Assert.All(quarantined, tags => Assert.Contains(new KeyValuePair<string, object?>("peer", "IT/NCP"), tags));
        }

        await reader.AcknowledgeAsync(new AcknowledgeRequest { MessageId = good, Sender = "IT/NCP" }, deadline: Deadline());
        Assert.Empty((await reader.InboxAsync(new InboxRequest { MaxMessages = 2 }, deadline: Deadline())).Messages);
        Assert.Empty(await albania.Store.OfferAsync(new HashSet<MessageType> { MessageType.ReturnPlan }, 10, TimeProvider.System.GetUtcNow(), CancellationToken.None));
    }

    /// <summary>Replaces a stored envelope, received a minute earlier than it was, as a disk fault or an operator's mistake would leave it.</summary>
    private static void Tamper(string data, SealedEnvelope envelope)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE inbox SET envelope = $envelope, received_at = received_at - 60000 WHERE message_id = $id;";
        command.Parameters.AddWithValue("$envelope", envelope.ToByteArray());
        command.Parameters.AddWithValue("$id", envelope.Route.MessageId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
