using System.Text.Json.Nodes;
using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using Microsoft.Data.Sqlite;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Cli.Tests;

/// <summary><c>crossborder audit verify</c> recomputes a gateway's audit chain and names the first entry that was tampered with.</summary>
[Collection(SharedExchange.Name)]
public sealed class AuditVerifyCliTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_intact_chain_verifies_and_an_edited_entry_is_reported_as_AUDIT_BROKEN()
    {
        var data = _data.File("it");
        await using (var italy = await federation.StartAsync("IT/NCP", data))
        await using (var albania = await federation.StartAsync("AL/NCP", data + "-al"))
        {
            var submitted = await SendAsync(federation.Client("IT/NCP", "case-worker"), "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
            await WaitForStateAsync(federation.Client("IT/NCP", "case-worker"), submitted.MessageId, "DELIVERED");
        }

        var config = ConfigWithDataDirectory("IT/NCP", data);
        var intact = await CliRunner.RunAsync("audit", "verify", "--config", config);

        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Matches("^audit: IT/NCP: [4-9] entries, hash chain intact", intact.Out);

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_no_update; UPDATE audit SET state = 'DELIVERED' WHERE seq = 3;";
            command.ExecuteNonQuery();
        }

        var broken = await CliRunner.RunAsync("audit", "verify", "--config", config);

        Assert.Equal(1, broken.ExitCode);
        Assert.StartsWith("rejected: AUDIT_BROKEN: the audit chain of IT/NCP does not hold at entry 3", broken.Error, StringComparison.Ordinal);
        File.Delete(config);
    }

    /// <summary>A copy of a participant's config (next to it, so relative paths hold) with another data folder.</summary>
    private string ConfigWithDataDirectory(string participant, string dataDirectory)
    {
        var original = federation.ConfigPath(participant);
        var json = JsonNode.Parse(File.ReadAllText(original))!;
        json["CrossBorder"]!["Gateway"]!["DataDirectory"] = dataDirectory;
        var copy = Path.Combine(Path.GetDirectoryName(original)!, $"gateway-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, json.ToJsonString());
        return copy;
    }
}
