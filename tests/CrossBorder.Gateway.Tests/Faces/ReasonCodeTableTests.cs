using System.Globalization;
using System.Text.RegularExpressions;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Security;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Faces;

/// <summary>
/// The reason-code table of docs/wire-spec.md section 13 is the contract partners build from
/// ([WS-13-1], [WS-13-2]): every code of common.proto is in it with the same number and name, and
/// the gRPC status the gateway gives each code on the peer face is the table's.
/// </summary>
public sealed partial class ReasonCodeTableTests
{
    private static readonly Dictionary<string, StatusCode> StatusNames = new Dictionary<string, StatusCode>(StringComparer.Ordinal)
    {
        ["INVALID_ARGUMENT"] = StatusCode.InvalidArgument,
        ["FAILED_PRECONDITION"] = StatusCode.FailedPrecondition,
        ["UNAUTHENTICATED"] = StatusCode.Unauthenticated,
        ["UNAVAILABLE"] = StatusCode.Unavailable,
        ["ALREADY_EXISTS"] = StatusCode.AlreadyExists,
        ["PERMISSION_DENIED"] = StatusCode.PermissionDenied,
        ["NOT_FOUND"] = StatusCode.NotFound,
        ["RESOURCE_EXHAUSTED"] = StatusCode.ResourceExhausted,
    };

    [Fact]
    public void EveryCodeOfTheContractIsInTheTableWithItsNumberAndName()
    {
        var rows = TableRows();
        foreach (var code in Enum.GetValues<ReasonCode>())
        {
            var number = (int)code;
            Assert.True(rows.ContainsKey(number), $"reason code {number} ({code.Name()}) is missing from the table of wire-spec section 13");
            Assert.Equal(code.Name(), rows[number].Name);
        }

        Assert.Equal(Enum.GetValues<ReasonCode>().Length, rows.Count);
    }

    [Fact]
    public void TheGatewayGivesEachCodeTheTablesStatus()
    {
        var checkedCodes = 0;
        foreach (var (number, row) in TableRows())
        {
            if (row.Status is not { } status)
            {
                continue;
            }

            var code = (ReasonCode)number;
            Assert.True(status.Number == (int)StatusNames[status.Name], $"the table gives {status.Name} the number {status.Number}");
            Assert.True(
                ErrorStatus.ToStatusCode(code) == StatusNames[status.Name],
                $"{code.Name()}: the gateway answers {ErrorStatus.ToStatusCode(code)}, the table says {status.Name}");
            checkedCodes++;
        }

        // Every code but UNSPECIFIED has a status in the table.
        Assert.Equal(Enum.GetValues<ReasonCode>().Length - 1, checkedCodes);
    }

    private static Dictionary<int, (string Name, (string Name, int Number)? Status)> TableRows()
    {
        var spec = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "wire-spec.md"));
        var start = spec.IndexOf("\n## 13. Reason codes", StringComparison.Ordinal);
        Assert.True(start >= 0, "wire-spec.md has no section 13");
        var end = spec.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = spec[start..(end < 0 ? spec.Length : end)];
        var rows = new Dictionary<int, (string, (string, int)?)>();
        foreach (Match row in Row().Matches(section))
        {
            var number = int.Parse(row.Groups["number"].Value, CultureInfo.InvariantCulture);
            (string, int)? status = row.Groups["status"].Success
                ? (row.Groups["status"].Value, int.Parse(row.Groups["statusNumber"].Value, CultureInfo.InvariantCulture))
                : null;
            Assert.True(rows.TryAdd(number, (row.Groups["name"].Value, status)), $"code {number} is in the table twice");
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex(@"^\| (?<number>\d+) \| `(?<name>[A-Z_]+)` \| (?:`(?<status>[A-Z_]+)` \((?<statusNumber>\d+)\)|—) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
