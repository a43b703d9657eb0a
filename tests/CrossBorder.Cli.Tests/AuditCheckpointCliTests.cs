using System.Text;
using System.Text.Json.Nodes;
using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using Microsoft.Data.Sqlite;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder audit checkpoint export</c> writes the signed checkpoints for safekeeping, and
/// <c>audit verify --checkpoints</c> checks the chain against them: a cut tail shows even when the
/// database's own checkpoints were deleted with it. A checkpoint file that is not one is a usage error with a reason code.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class AuditCheckpointCliTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Exported_checkpoints_catch_a_cut_tail_whose_checkpoint_rows_were_deleted_too()
    {
        var data = _data.File("it");
        await using (var italy = await federation.StartAsync("IT/NCP", data))
        await using (var albania = await federation.StartAsync("AL/NCP", data + "-al"))
        {
            var submitted = await SendAsync(federation.Client("IT/NCP", "case-worker"), "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
            await WaitForStateAsync(federation.Client("IT/NCP", "case-worker"), submitted.MessageId, "DELIVERED");
        }

        var config = ConfigWithDataDirectory(data);
        var exported = _data.File("checkpoints.json");
        var export = await CliRunner.RunAsync("audit", "checkpoint", "export", "--config", config, "--out", exported);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Matches(@"^audit: IT/NCP: [1-9]\d* checkpoints exported to .*checkpoints\.json, the last at entry [4-9]", export.Out);
        var again = await CliRunner.RunAsync("audit", "checkpoint", "export", "--config", config, "--out", exported);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("exists; use --force", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("audit", "checkpoint", "export", "--config", config, "--out", exported, "--force")).ExitCode);

        var intact = await CliRunner.RunAsync("audit", "verify", "--config", config, "--checkpoints", exported);
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Matches(@"^audit: IT/NCP: [4-9] entries, hash chain intact, [1-9]\d* checkpoints verified", intact.Out);

        var forged = _data.File("forged.json");
        var document = JsonNode.Parse(File.ReadAllText(exported))!;
        var last = document["checkpoints"]!.AsArray()[^1]!;
        var signature = Convert.FromBase64String(last["signature"]!.GetValue<string>());
        signature[^1] ^= 0x01;
        last["signature"] = Convert.ToBase64String(signature);
        File.WriteAllText(forged, document.ToJsonString());
        var forgery = await CliRunner.RunAsync("audit", "verify", "--config", config, "--checkpoints", forged);
        Assert.Equal(1, forgery.ExitCode);
        Assert.Matches(@"^rejected: AUDIT_BROKEN: the audit chain of IT/NCP does not hold at entry \d+ of \d+: the checkpoint at entry \d+ does not verify \(BAD_SIGNATURE\)", forgery.Error);

        Tamper(data, "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_checkpoint_no_delete; DELETE FROM audit WHERE seq > 2; DELETE FROM audit_checkpoint;");

        var blind = await CliRunner.RunAsync("audit", "verify", "--config", config);
        Assert.True(blind.ExitCode == 0, blind.ToString()); // nothing left in the database to tell
        Assert.StartsWith("audit: IT/NCP: 2 entries, hash chain intact, 0 checkpoints verified", blind.Out, StringComparison.Ordinal);

        var caught = await CliRunner.RunAsync("audit", "verify", "--config", config, "--checkpoints", exported);
        Assert.Equal(1, caught.ExitCode);
        Assert.StartsWith("rejected: AUDIT_BROKEN: the audit chain of IT/NCP does not hold at entry 3 of 2: truncated: the checkpoint at entry ", caught.Error, StringComparison.Ordinal);
        Assert.Contains("the first missing entry is 3", caught.Error, StringComparison.Ordinal);
        File.Delete(config);
    }

    [Theory]
    [InlineData("not json at all", "MALFORMED: not a JSON document")]
    [InlineData("[]", "MALFORMED: not a JSON object")]
    [InlineData("""{"format":"something else","participant":"IT/NCP","checkpoints":[]}""", "MALFORMED: format is not crossborder-audit-checkpoints/v1")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"IT/NCP","checkpoints":{}}""", "MALFORMED: checkpoints is not an array")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"IT/NCP","checkpoints":[{"sequence":"7"}]}""", "MALFORMED: checkpoints[0].sequence is not a whole number from 1")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"IT/NCP","checkpoints":[{"sequence":1e300}]}""", "MALFORMED: checkpoints[0].sequence is not a whole number from 1")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"IT/NCP","checkpoints":[{"sequence":7,"hash":"!!not base64!!"}]}""", "MALFORMED: checkpoints[0].hash is not base64")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"IT/NCP","checkpoints":[{"sequence":7,"hash":"AAAA"}]}""", "MALFORMED: checkpoints[0].hash is not 32 bytes")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"IT/NCP","checkpoints":[[[[[[1]]]]]]}""", "MALFORMED: not a JSON document")]
    [InlineData("""{"format":"crossborder-audit-checkpoints/v1","participant":"AL/NCP","checkpoints":[]}""", "SIGNER_MISMATCH: the checkpoints are of AL/NCP, the config of IT/NCP")]
    public async Task A_checkpoint_file_that_is_not_one_is_a_usage_error_with_a_reason_code(string content, string expected)
    {
        var config = ConfigWithDataDirectory(_data.File("none"));
        var file = _data.File("hostile.json");
        await File.WriteAllTextAsync(file, content, Encoding.UTF8);

        var result = await CliRunner.RunAsync("audit", "verify", "--config", config, "--checkpoints", file);

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.StartsWith($"usage: --checkpoints {file}: {expected}", StringComparison.Ordinal), result.Error);
        Assert.DoesNotContain(" at ", result.Error.Replace($"--checkpoints {file}", "", StringComparison.Ordinal), StringComparison.Ordinal);
        File.Delete(config);
    }

    [Fact]
    public async Task A_huge_checkpoint_file_is_refused_TOO_LARGE_without_reading_it()
    {
        var config = ConfigWithDataDirectory(_data.File("none"));
        var file = _data.File("huge.json");
        using (var stream = File.Create(file))
        {
            stream.SetLength((64L * 1024 * 1024) + 1);
        }

        var result = await CliRunner.RunAsync("audit", "verify", "--config", config, "--checkpoints", file);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"usage: --checkpoints {file}: TOO_LARGE: larger than 67108864 bytes", result.Error, StringComparison.Ordinal);
        File.Delete(config);
    }

    private static void Tamper(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A copy of IT/NCP's config (next to it, so relative paths hold) with another data folder.</summary>
    private string ConfigWithDataDirectory(string dataDirectory)
    {
        var original = federation.ConfigPath("IT/NCP");
        var json = JsonNode.Parse(File.ReadAllText(original))!;
        json["CrossBorder"]!["Gateway"]!["DataDirectory"] = dataDirectory;
        var copy = Path.Combine(Path.GetDirectoryName(original)!, $"gateway-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, json.ToJsonString());
        return copy;
    }
}
