using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Responder;
using CrossBorder.Conformance.Target;
using CrossBorder.Conformance.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Conformance.Tests;

/// <summary>
/// A sender that breaks one rule at a time, played with the harness's envelope factory against the
/// responder over real TLS and gRPC: the verdict fails exactly the statement broken, and the answer
/// is the one the spec requires (seen by the sender, verified, and recorded alike).
/// </summary>
public sealed class ResponderJudgesSendersTests(FederationFixture federation) : IClassFixture<FederationFixture>, IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("bucket-not-smallest", "WS-5-21", "ACCEPTED")]
    [InlineData("stale-signing-time", "WS-8-2", "ACCEPTED")]
    [InlineData("lifetime-over-336h", "WS-8-6", "REJECTED STALE")]
    [InlineData("created-in-the-future", "WS-4-1", "REJECTED STALE")]
    [InlineData("expired-before-delivery", "WS-8-6", "REJECTED STALE")]
    [InlineData("conversation-id-upper-case", "WS-1-4", "INVALID_ARGUMENT MALFORMED")]
    [InlineData("legal-basis-empty", "WS-6-1", "REJECTED INVALID_FORMAT")]
    [InlineData("singular-field-twice", "WS-7-4", "ACCEPTED")]
    [InlineData("not-encrypted-to-the-recipient", "WS-5-8", "FAILED_PRECONDITION NOT_A_RECIPIENT")]
    [InlineData("tampered-ciphertext", "WS-5-13", "FAILED_PRECONDITION DECRYPT_FAILED")]
    public async Task One_broken_sender_rule_fails_exactly_its_statement_with_the_answer_the_spec_requires(string fault, string requirement, string answer)
    {
        await using var responder = await ResponderRun.StartAsync(federation.ParticipantFile("AL/NCP", "conformance.json"), _data.File("verdicts.jsonl"));
        using var sender = await SenderAsync(responder);

        var envelope = Faulty(fault, sender.Run, sender.Credentials);
        var seen = await sender.Run.DeliverAsync(envelope, CancellationToken.None);

        var verdict = Assert.Single(responder.Verdicts);
        Assert.Equal([requirement], ResponderRun.Failed(verdict));
        Assert.False(verdict.Passed);
        Assert.True(verdict.MustFailed);
        Assert.Equal(answer, verdict.Answer.ToString());
        Assert.Equal(answer, Seen(seen, sender.Run, envelope));
        Assert.Equal("IT/NCP", verdict.Sender);
        Assert.Equal(envelope.Route.MessageId, verdict.MessageId);
        Assert.Equal(envelope.CalculateSize(), verdict.EnvelopeBytes);
    }

    [Fact]
    public async Task A_message_id_used_again_for_another_message_fails_WS_1_2_and_is_answered_ID_CONFLICT()
    {
        await using var responder = await ResponderRun.StartAsync(federation.ParticipantFile("AL/NCP", "conformance.json"), _data.File("verdicts.jsonl"));
        using var sender = await SenderAsync(responder);
        var factory = sender.Run.Envelopes;
        var first = factory.Seal(factory.DefaultType!.Value).Envelope!;
        var other = factory.Seal(factory.DefaultType!.Value, h => h.Route.MessageId = first.Route.MessageId).Envelope!;

        Assert.Equal("ACCEPTED", Seen(await sender.Run.DeliverAsync(first, CancellationToken.None), sender.Run, first));
        Assert.Equal("REJECTED ID_CONFLICT", Seen(await sender.Run.DeliverAsync(other, CancellationToken.None), sender.Run, other));

        var verdicts = responder.Verdicts;
        Assert.Equal(2, verdicts.Count);
        Assert.True(verdicts[0].Passed);
        Assert.Equal(["WS-1-2"], ResponderRun.Failed(verdicts[1]));
        Assert.Equal("REJECTED ID_CONFLICT", verdicts[1].Answer.ToString());
    }

    [Fact]
    public async Task A_resend_sealed_again_fails_WS_2_11_and_the_same_bytes_again_pass_with_the_original_receipt()
    {
        await using var responder = await ResponderRun.StartAsync(federation.ParticipantFile("AL/NCP", "conformance.json"), _data.File("verdicts.jsonl"));
        using var sender = await SenderAsync(responder);
        var factory = sender.Run.Envelopes;
        var first = factory.Seal(factory.DefaultType!.Value).Envelope!;
        var resealed = factory.Seal(factory.DefaultType!.Value, h => h.Route = first.Route.Clone()).Envelope!;
        Assert.Equal(first.Route, resealed.Route);
        Assert.NotEqual(first.Sealed, resealed.Sealed);

        var original = Assert.IsType<DeliveryAnswer.Receipted>(await sender.Run.DeliverAsync(first, CancellationToken.None));
        var again = Assert.IsType<DeliveryAnswer.Receipted>(await sender.Run.DeliverAsync(first, CancellationToken.None));
        Assert.Equal("REJECTED ID_CONFLICT", Seen(await sender.Run.DeliverAsync(resealed, CancellationToken.None), sender.Run, resealed));

        Assert.Equal(original.SignedReceipt, again.SignedReceipt);
        var verdicts = responder.Verdicts;
        Assert.Equal(3, verdicts.Count);
        Assert.All(verdicts.Take(2), v => Assert.True(v.Passed && v.Answer.Kind == VerdictAnswer.Accepted, string.Join("; ", ResponderRun.Failed(v))));
        Assert.Contains(verdicts[1].Checks, c => c is { Requirement: "WS-2-11", Result: VerdictCheck.Passed });
        Assert.Equal(["WS-2-11"], ResponderRun.Failed(verdicts[2]));
    }

    [Fact]
    public async Task The_harness_finds_the_responder_answering_as_the_spec_says_and_every_verdict_names_the_rule_the_case_broke()
    {
        await using var responder = await ResponderRun.StartAsync(federation.ParticipantFile("AL/NCP", "conformance.json"), _data.File("verdicts.jsonl"));

        var report = await Harness.RunAsync(federation, responder.Address);

        Assert.True(report.Failed == 0, string.Join(Environment.NewLine, report.Results.Where(r => r.Verdict.Status == Model.CaseStatus.Fail).Select(r => $"{r.Spec.Id}: {r.Verdict.Saw}")));
        Assert.Equal(Harness.NotAllowedBetweenThem, report.With(Model.CaseStatus.Skip));
        var verdicts = responder.Verdicts;
        Assert.True(verdicts.Count >= 30, $"only {verdicts.Count} verdicts");
        Assert.All(verdicts.Where(v => v.Answer.Kind != VerdictAnswer.Accepted), v => Assert.False(v.Passed, $"{v.MessageId} answered {v.Answer} passed"));
        Assert.All(verdicts.Where(v => !v.Passed), v => Assert.NotEmpty(ResponderRun.Failed(v)));
    }

    [Fact]
    public async Task A_DeliverRequest_with_a_field_besides_the_envelope_is_refused_UNKNOWN_FIELD_and_fails_WS_2_10()
    {
        await using var responder = await ResponderRun.StartAsync(federation.ParticipantFile("AL/NCP", "conformance.json"), _data.File("verdicts.jsonl"));
        using var sender = await SenderAsync(responder);
        var envelope = Faulty("good", sender.Run, sender.Credentials);
        using var channel = TargetChannels.Create(responder.Address, sender.Credentials.Tls, sender.Run.Validator, sender.Run.Target!.Id, _ => { });
        var request = Exchanges.WithUnknownField(new DeliverRequest { Envelope = envelope.ToByteString() });

        var (reason, error) = await Exchanges.RefusalAsync(() => new PeerExchange.PeerExchangeClient(channel).DeliverAsync(request, deadline: RawChannels.Deadline()).ResponseAsync);

        Assert.Equal(ReasonCode.UnknownField, reason);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        var verdict = Assert.Single(responder.Verdicts);
        Assert.Equal(["WS-2-10"], ResponderRun.Failed(verdict));
        Assert.Equal("INVALID_ARGUMENT UNKNOWN_FIELD", verdict.Answer.ToString());
        Assert.Equal("IT/NCP", verdict.Sender);
        Assert.Null(verdict.MessageId);
    }

    [Fact]
    public async Task A_GCM_nonce_is_fresh_for_its_own_bytes_and_a_repeat_for_any_other()
    {
        await using var responder = await ResponderRun.StartAsync(federation.ParticipantFile("AL/NCP", "conformance.json"), _data.File("verdicts.jsonl"));
        using var sender = await SenderAsync(responder);
        var first = Faulty("good", sender.Run, sender.Credentials);
        var second = Faulty("good", sender.Run, sender.Credentials);
        var memory = new DeliveryMemory();

        var nonce = SealedLayout.Read(first.Sealed.Span)!;
        var other = SealedLayout.Read(second.Sealed.Span)!;

        Assert.Equal(24, nonce.Nonce.Length);
        Assert.Equal(1, nonce.RecipientInfos);
        Assert.NotEqual(nonce.Nonce, other.Nonce);
        Assert.True(memory.NonceIsFresh(nonce.Nonce, "first"));
        Assert.True(memory.NonceIsFresh(nonce.Nonce, "first"));
        Assert.False(memory.NonceIsFresh(nonce.Nonce, "second"));
        Assert.Null(SealedLayout.Read([0x30, 0x03, 0x02, 0x01, 0x00]));
    }

    [Fact]
    public async Task Every_statement_a_check_cites_is_in_the_requirement_list_with_its_section_and_level()
    {
        var requirements = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "requirements.tsv"))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => (Level: f[1], Section: int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);

        Assert.NotEmpty(SenderRequirement.All);
        Assert.All(SenderRequirement.All, r =>
        {
            Assert.True(requirements.TryGetValue(r.Id, out var listed), $"{r.Id} is not in requirements.tsv");
            Assert.Equal(listed.Level, r.Level);
            Assert.Equal(listed.Section, r.Section);
        });
        Assert.Equal(SenderRequirement.All.Count, SenderRequirement.All.Select(r => r.Id).Distinct().Count());
        await Task.CompletedTask;
    }

    internal static async Task<SenderSide> SenderAsync(ResponderRun responder, FederationFixture federation)
    {
        var credentials = SenderCredentials.Load(ConformanceProfile.Load(Harness.Profile(federation)));
        var run = new CaseRun(credentials, responder.Address, TimeProvider.System);
        await run.IdentifyAsync(CancellationToken.None);
        Assert.NotNull(run.Target);
        return new SenderSide(credentials, run);
    }

    private Task<SenderSide> SenderAsync(ResponderRun responder) => SenderAsync(responder, federation);

    /// <summary>What the sender saw, in the verdict's words; a receipt counts only once verified.</summary>
    internal static string Seen(DeliveryAnswer answer, CaseRun run, SealedEnvelope envelope) => answer switch
    {
        DeliveryAnswer.Receipted receipted => run.VerifyReceipt(receipted.SignedReceipt, envelope.Route.MessageId, envelope.Sealed.Span) is { IsAccepted: true } verified
            ? verified.Value.Outcome == ReceiptOutcome.Accepted ? "ACCEPTED" : $"REJECTED {verified.Value.Reason.Name()}"
            : "an unverified receipt",
        DeliveryAnswer.Status { Reason: { } reason } status => VerdictAnswer.Refusal(status.Code, reason).ToString(),
        _ => answer.ToString(),
    };

    internal static SealedEnvelope Faulty(string fault, CaseRun run, SenderCredentials credentials)
    {
        var factory = run.Envelopes;
        var type = factory.DefaultType!.Value;
        var now = TimeProvider.System.GetUtcNow();
        return fault switch
        {
            "good" => factory.Seal(type).Envelope!,
            "bucket-not-smallest" => factory.SealContent(type, content => PadToNextBucket(content)).Envelope!,
            "stale-signing-time" => SignedAt(factory, run, credentials, type, now, now.AddHours(-1)),
            "created-in-the-future" => factory.Seal(type, h =>
            {
                h.Route.CreatedAt = Timestamp.FromDateTimeOffset(now.AddHours(1));
                h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(2));
            }).Envelope!,
            "lifetime-over-336h" => factory.Seal(type, h => h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(337))).Envelope!,
            "expired-before-delivery" => SignedAt(factory, run, credentials, type, now.AddMinutes(-20), now.AddMinutes(-20), h => h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-10))),
            "conversation-id-upper-case" => factory.Seal(type, h => h.Route.ConversationId = h.Route.ConversationId.ToUpperInvariant().Replace('0', 'A')).Envelope!,
            "legal-basis-empty" => factory.Seal(type, h => h.LegalBasis = "").Envelope!,
            "singular-field-twice" => factory.SealContent(type, content =>
                ContentPadding.Pad(content, [0x0A, 0x02, 0x10, (byte)content.Header.Purpose])).Envelope!,
            "not-encrypted-to-the-recipient" => factory.Seal(type, recipients: credentials.Trust.Find(ParticipantId.Parse("GR/NCP"))!.EncryptionCertificates).Envelope!,
            "tampered-ciphertext" => CmsMutations.TamperCiphertext(factory.Seal(type).Envelope!),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such fault"),
        };
    }

    /// <summary>The content padded to the bucket after its smallest: a receiver accepts it ([WS-5-22]); the sender broke [WS-5-21].</summary>
    private static byte[] PadToNextBucket(SealedContent content)
    {
        var target = SizeBuckets.Next(ContentPadding.Pad(content.Clone(), []).Length);
        content.Header.Route.SizeBucket = (uint)target;
        content.Padding = ByteString.Empty;
        for (var length = Math.Max(1, target - content.CalculateSize() - 6); length < target; length++)
        {
            content.Padding = ByteString.CopyFrom(new byte[length]);
            if (content.CalculateSize() == target)
            {
                return content.ToByteArray();
            }
        }

        throw new InvalidOperationException("no padding fills the next bucket");
    }

    /// <summary>A good message created and signed at the times given.</summary>
    private static SealedEnvelope SignedAt(
        EnvelopeFactory factory, CaseRun run, SenderCredentials credentials, MessageType type, DateTimeOffset created, DateTimeOffset signingTime, Action<InnerHeader>? adjust = null)
    {
        var (payload, stamp, _) = ExamplePayloads.Minimized(type, credentials.Trust.Find(credentials.Participant)!, run.Target!.Entry, created);
        var header = factory.Header(type, created);
        header.PolicyStamp = stamp;
        adjust?.Invoke(header);
        return EnvelopeSealer.Seal(header, payload!, credentials.Signing, run.Target.Entry.EncryptionCertificates, signingTime);
    }

    /// <summary>The harness's sender: the profile's credentials and its connection to the responder.</summary>
    internal sealed class SenderSide(SenderCredentials credentials, CaseRun run) : IDisposable
    {
        public SenderCredentials Credentials { get; } = credentials;

        public CaseRun Run { get; } = run;

        public void Dispose()
        {
            Run.Dispose();
            Credentials.Dispose();
        }
    }
}
