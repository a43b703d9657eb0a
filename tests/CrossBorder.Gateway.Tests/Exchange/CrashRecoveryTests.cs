using CrossBorder.Cli.Commands;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A sending gateway process killed with SIGKILL while it dispatches hundreds of messages loses
/// none: after a restart every accepted message arrives, and the recipient's application
/// acknowledges each exactly once.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class CrashRecoveryTests(ExchangeFederation federation) : IDisposable
{
    private const int Messages = 300;
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_sender_killed_mid_dispatch_loses_nothing_and_the_recipient_acknowledges_each_message_once()
    {
        var environment = new Dictionary<string, string>
        {
            ["CrossBorder__Gateway__DataDirectory"] = _data.File("it"),
            ["CrossBorder__Gateway__RetryInitialSeconds"] = "0.2",
            ["CrossBorder__Gateway__RetryMaxSeconds"] = "1",
            ["CrossBorder__Gateway__DispatchParallelism"] = "1",
        };
        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "crossborder.exe" : "crossborder");
        var caseWorker = federation.Client("IT/NCP", "case-worker");

        // Everything is accepted while the recipient is down, so that the kill falls mid-dispatch.
        var accepted = new List<string>();
        TestGateway? albania = null;
        using (var first = GatewayProcess.Start(federation.ConfigPath("IT/NCP"), _data.File("it-1.log"), environment, executable))
        {
            await WaitUntilServingAsync(caseWorker, first);
            for (var i = 0; i < Messages; i++)
            {
                accepted.Add((await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId);
            }

            albania = await federation.StartAsync("AL/NCP", _data.File("al"));
            await WaitAsync(async () => await InboxCountAsync(albania) >= 20, TimeSpan.FromSeconds(60));
            await first.KillAsync();
        }

        await using var recipient = albania;

        var beforeRestart = await InboxCountAsync(albania);
        Assert.InRange(beforeRestart, 20, Messages - 1);

        using var second = GatewayProcess.Start(federation.ConfigPath("IT/NCP"), _data.File("it-2.log"), environment, executable);
        await WaitUntilServingAsync(caseWorker, second);
        var application = federation.Client("AL/NCP", "case-worker");
        var read = await ReadAsync(application, Messages, seconds: 120);

        Assert.Equal(Messages, read.Count);
        Assert.Equal(accepted.Order(), read.Select(m => m.MessageId).Order());
        Assert.Empty((await application.InboxAsync(new InboxRequest { WaitSeconds = 1 }, deadline: Deadline())).Messages);
        foreach (var id in accepted.Take(20))
        {
            var status = await WaitForStateAsync(caseWorker, id, StateNames.Name(AuditState.Delivered));
            Assert.Equal(StateNames.Name(AuditState.Delivered), status.CurrentState);
        }

        Assert.Null((await albania.Store.VerifyAuditAsync(CancellationToken.None)).FirstBroken);
        await second.StopAsync(TimeSpan.FromSeconds(15), TimeProvider.System);
    }

    private static async Task<int> InboxCountAsync(TestGateway gateway) =>
        (await gateway.Store.OfferAsync(AllTypes, 10_000, TimeProvider.System.GetUtcNow(), CancellationToken.None)).Count;

    private static async Task WaitUntilServingAsync(LocalExchange.LocalExchangeClient client, GatewayProcess process)
    {
        await WaitAsync(async () =>
        {
            Assert.False(process.HasExited, $"the gateway process exited; see {process.LogPath}");
            try
            {
                await client.WhoAmIAsync(new WhoAmIRequest(), deadline: Deadline(2));
                return true;
            }
            catch (RpcException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < until, "condition not met in time");
            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(50));
        }
    }
}
