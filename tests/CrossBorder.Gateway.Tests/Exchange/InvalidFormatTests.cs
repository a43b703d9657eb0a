using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// Issue 12, formats: a real gateway's Submit refuses a payload whose values are not in their
/// declared form with INVALID_FORMAT and a decision line per bad field, as `policy explain` does
/// for the same payload; a trusted peer's signed envelope carrying one is refused on receipt.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class InvalidFormatTests(ExchangeFederation federation) : IDisposable
{
    /// <summary>A street address in the municipality of return, a name in the consent's information language, narrative in a retention date.</summary>
    private const string Hostile = """
        {"returnRiskAssessment": {
          "subjectPseudonym": "7c1e9a4b2d0f83e6a5b4c3d2e1f0a9b8",
          "municipality": "Rruga e Shembullit 1, Elbasan",
          "riskLevel": "RISK_LEVEL_MEDIUM",
          "assessedOn": "2026-11-20",
          "consent": {"purposes": ["PURPOSE_RISK_ASSESSMENT"], "recipients": ["AL/NCP"], "givenAt": "2026-10-20T15:05:00+02:00", "informationLanguage": "Drita Shembulli"},
          "retention": {"reviewDate": "2027-05-31", "erasureDate": "when she is safe"}
        }}
        """;

    private static readonly string[] ExpectedLines =
    [
        " REFUSED payload-format FORMAT_SUBDIVISION",
        "return_risk_assessment.consent.information_language REFUSED payload-format FORMAT_LANGUAGE",
        "return_risk_assessment.municipality REFUSED payload-format FORMAT_SUBDIVISION",
        "return_risk_assessment.retention.erasure_date REFUSED payload-format FORMAT_DATE",
    ];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Submit_refuses_values_not_in_their_declared_form_with_invalid_format_as_policy_explain_does()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var payload = JsonParser.Default.Parse<CasePayload>(Hostile);

        var (reason, error) = await RefusalAsync(() => SendAsync(caseWorker, "AL/NCP", Purpose.RiskAssessment, payload));

        Assert.Equal(ReasonCode.InvalidFormat, reason);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var report = error.GetRpcStatus()!.GetDetail<SubmitResponse>();
        Assert.NotNull(report);
        var submitLines = report.Decisions.Select(d => $"{d.FieldPath} {d.Action} {d.RuleId} {d.DetailCode}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ExpectedLines, submitLines);
        Assert.All(report.Decisions, d => Assert.Equal(ReasonCode.InvalidFormat, d.Reason));
        Assert.Equal(0, (await italy.Store.OutboxCountsAsync(CancellationToken.None)).Values.Sum());
        foreach (var text in new[] { error.Status.Detail, report.ToString() })
        {
            Assert.DoesNotContain("Shembull", text, StringComparison.Ordinal);
            Assert.DoesNotContain("safe", text, StringComparison.Ordinal);
        }

        // The same payload through `policy explain`: the same refusal, the same lines.
        var file = _data.File("hostile.json");
        await File.WriteAllTextAsync(file, Hostile);
        var explained = await CliRunner.RunAsync(
            "policy", "explain", "--type", "RETURN_RISK_ASSESSMENT", "--to", "AL/NCP", "--purpose", "RISK_ASSESSMENT", "--payload", file);

        Assert.True(explained.ExitCode == 1, explained.ToString());
        Assert.Equal(error.Status.Detail, explained.Error.Trim()["rejected: ".Length..]);
        var explainLines = explained.Out.Split('\n')
            .Where(l => l.Contains(" REFUSED ", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace("(message) ", " ", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(ExpectedLines, explainLines);
        Assert.DoesNotContain("Shembull", explained.Out + explained.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_peer_s_signed_payload_with_a_street_address_for_a_municipality_is_refused_on_receipt()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        // CasePayload.return_risk_assessment (4) { municipality (3): a street address }, signed by a trusted peer.
        var bytes = TestPeer.LengthDelimited(4, TestPeer.LengthDelimited(3, Encoding.UTF8.GetBytes("Rruga e Shembullit 1, Elbasan")));
        var sealedEnvelope = italy.SealRawPayload("AL/NCP", MessageType.ReturnRiskAssessment, bytes, h => h.Purpose = Purpose.RiskAssessment);

        var receipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(client, sealedEnvelope.ToByteString()), "AL/NCP", sealedEnvelope);

        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.InvalidFormat), (receipt.Outcome, receipt.Reason));
        Assert.Empty(await albania.Store.OfferAsync(new HashSet<MessageType> { MessageType.ReturnRiskAssessment }, 10, TimeProvider.System.GetUtcNow(), CancellationToken.None));
    }
}
