using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Responder;
using CrossBorder.Conformance.Target;
using CrossBorder.Conformance.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Tests;

/// <summary>
/// Our gateway as the sender under test: the responder serves AL/NCP on the port the trust list
/// names for it, IT/NCP's gateway delivers one message of every type it may send there, marks each
/// DELIVERED on the responder's verified receipt, and every verdict passes.
/// </summary>
public sealed class ResponderAgainstOurGatewayTests : IDisposable
{
    private readonly ExchangeFederation _federation = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _data.Dispose();
        _federation.Dispose();
    }

    [Fact]
    public async Task Our_gateway_delivers_every_type_it_may_send_and_every_verdict_passes()
    {
        var al = ParticipantId.Parse("AL/NCP");
        var it = ParticipantId.Parse("IT/NCP");
        using var credentials = SenderCredentials.Load(ConformanceProfile.Load(Profile(it)));
        var port = credentials.Trust.Find(al)!.PeerEndpoint.Port;
        await using var responder = await ResponderRun.StartAsync(Profile(al), _data.File("verdicts.jsonl"), port);
        await using var gateway = await _federation.StartAsync("IT/NCP", _data.File("it"));
        var caseWorker = _federation.Client("IT/NCP", "case-worker");
        var childProtection = _federation.Client("IT/NCP", "child-protection");

        var sent = new Dictionary<string, MessageType>();
        var types = ProtoEnumNames<MessageType>.Defined.Where(t => ExchangeRules.Check(credentials.Trust, it, al, t).IsAccepted).ToList();
        foreach (var type in types)
        {
            var (payload, _, refused) = ExamplePayloads.Minimized(type, credentials.Trust.Find(it)!, credentials.Trust.Find(al)!, TimeProvider.System.GetUtcNow());
            Assert.True(payload is not null, $"the reference policy refuses the example {type}: {refused}");
            var client = type == MessageType.ChildProtectionExchange ? childProtection : caseWorker;
            var submitted = await Exchanges.SendAsync(client, "AL/NCP", ExamplePayloads.PurposeOf(type), payload!);
            sent[submitted.MessageId] = type;
        }

        foreach (var (messageId, type) in sent)
        {
            var client = type == MessageType.ChildProtectionExchange ? childProtection : caseWorker;
            var status = await Exchanges.WaitForStateAsync(client, messageId, "DELIVERED");
            Assert.True(status.CurrentState == "DELIVERED", $"{type} {messageId} is {status.CurrentState}");
        }

        Assert.Equal(7, types.Count);
        var verdicts = responder.Verdicts;
        Assert.Equal(sent.Keys.Order(StringComparer.Ordinal), verdicts.Select(v => v.MessageId!).Order(StringComparer.Ordinal));
        Assert.All(verdicts, verdict =>
        {
            Assert.True(verdict.Passed, $"{verdict.MessageId}: {string.Join("; ", verdict.Checks.Where(c => c.IsFailed).Select(c => $"{c.Requirement} {c.What}"))}");
            Assert.Equal(VerdictAnswer.Accepted, verdict.Answer.Kind);
            Assert.Equal("IT/NCP", verdict.Sender);
            Assert.Equal(ProtoEnumNames<MessageType>.Name(sent[verdict.MessageId!]), verdict.MessageType);
            Assert.Equivalent(
                new[] { "WS-1-2", "WS-1-4", "WS-2-11", "WS-4-1", "WS-5-7", "WS-5-8", "WS-5-21", "WS-6-1", "WS-7-4", "WS-8-2", "WS-8-6" },
                verdict.Checks.Select(c => c.Requirement).Distinct().ToArray());
        });
        gateway.Log.AssertNoUnexpectedErrors();
    }

    private string Profile(ParticipantId participant) => Path.Combine(_federation.Root, "participants", participant.Slug, "conformance.json");
}
