using CrossBorder.Cli.Commands;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Security;
using Google.Rpc;
using Grpc.Core;
using Any = Google.Protobuf.WellKnownTypes.Any;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// The pieces of <c>send</c>, <c>inbox</c> and <c>status</c> that need no gateway: strict payload
/// parsing, the owner-only payload files, the printed lines and the one rejection line a
/// refusal becomes.
/// </summary>
public sealed class ExchangeOutputTests : IDisposable
{
    private const string Gateway = "https://127.0.0.1:47132";
    private const string MessageId = "0123456789abcdef0123456789abcdef";
    private static readonly string Examples = Path.Combine(RepositoryRoot.Path, "docs", "examples", "payloads");
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> ExamplePayloads() =>
        [.. Directory.GetFiles(Examples, "*.json").Select(file => Path.GetFileNameWithoutExtension(file)).Order(StringComparer.Ordinal)];

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void There_is_an_example_payload_for_every_message_type() =>
        Assert.Equal(Enum.GetValues<CasePayload.BodyOneofCase>().Length - 1, ExamplePayloads().Count);

    [Theory]
    [MemberData(nameof(ExamplePayloads))]
    public void Every_shipped_example_payload_parses_strictly_as_the_body_it_is_named_after(string name)
    {
        var payload = ExchangeCommands.ReadPayload(Path.Combine(Examples, name + ".json"));

        var expected = string.Concat(name.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
        Assert.Equal(expected, payload.BodyCase.ToString());
    }

    [Fact]
    public void A_payload_file_may_start_with_a_byte_order_mark_but_must_be_UTF8()
    {
        var withBom = _directory.File("bom.json");
        File.WriteAllBytes(withBom, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Path.Combine(Examples, "return-plan.json"))]);
        Assert.Equal(ReturnPlan(), ExchangeCommands.ReadPayload(withBom));

        var latin1 = _directory.File("latin1.json");
        File.WriteAllBytes(latin1, [.. "{\"returnPlan\": {\"remarks\": \""u8, 0xE8, .. "\"}}"u8]);
        Assert.Equal(ReasonCode.Malformed, Assert.Throws<RejectedException>(() => ExchangeCommands.ReadPayload(latin1)).Reason);
    }

    [Theory]
    [InlineData("IDENTITY_VERIFICATION", Purpose.IdentityVerification)]
    [InlineData("PURPOSE_IDENTITY_VERIFICATION", Purpose.IdentityVerification)]
    [InlineData("STATISTICS", Purpose.Statistics)]
    [InlineData("PURPOSE_REINTEGRATION", Purpose.Reintegration)]
    public void A_purpose_is_accepted_with_or_without_its_prefix(string text, Purpose expected) =>
        Assert.Equal(expected, ExchangeCommands.ParsePurpose(text));

    [Theory]
    [InlineData("")]
    [InlineData("UNSPECIFIED")]
    [InlineData("PURPOSE_UNSPECIFIED")]
    [InlineData("PURPOSE_PURPOSE_STATISTICS")]
    [InlineData("statistics")]
    public void An_unknown_purpose_is_a_usage_error(string text)
    {
        var error = Assert.Throws<UsageException>(() => ExchangeCommands.ParsePurpose(text));
        Assert.Contains("is not one of: TRANSNATIONAL_REFERRAL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_received_payload_is_written_owner_only_under_its_sender_and_id_and_reads_back_strictly()
    {
        var payload = ExchangeCommands.ReadPayload(Path.Combine(Examples, "identity-confirmation-request.json"));
        var message = new InboxMessage { MessageId = MessageId, Sender = "IT/NCP", Payload = payload };

        var (path, outcome) = InboxFiles.Keep(_directory.Path, message);

        Assert.Equal(InboxFiles.Outcome.Written, outcome);
        Assert.Equal(Path.Combine(_directory.Path, $"IT-NCP_{MessageId}.json"), path);
        Assert.Equal(payload, ExchangeCommands.ReadPayload(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path)); // no temporary file left behind
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Two_senders_messages_with_the_same_id_are_kept_in_two_files()
    {
        var (italy, fromItaly) = InboxFiles.Keep(_directory.Path, new InboxMessage { MessageId = MessageId, Sender = "IT/NCP", Payload = ReturnPlan() });
        var (greece, fromGreece) = InboxFiles.Keep(_directory.Path, new InboxMessage { MessageId = MessageId, Sender = "GR/NCP", Payload = new CasePayload() });

        Assert.Equal((InboxFiles.Outcome.Written, InboxFiles.Outcome.Written), (fromItaly, fromGreece));
        Assert.NotEqual(italy, greece);
        Assert.Equal(ReturnPlan(), ExchangeCommands.ReadPayload(italy));
        Assert.Equal(2, Directory.GetFiles(_directory.Path).Length);
    }

    [Fact]
    public void A_payload_is_never_written_over_a_file_with_other_content_and_is_kept_again_when_the_same()
    {
        var path = Path.Combine(_directory.Path, $"IT-NCP_{MessageId}.json");
        File.WriteAllText(path, "{}");
        var message = new InboxMessage { MessageId = MessageId, Sender = "IT/NCP", Payload = ReturnPlan() };

        Assert.Equal((path, InboxFiles.Outcome.Conflict), InboxFiles.Keep(_directory.Path, message));
        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));

        File.Delete(path);
        Assert.Equal((path, InboxFiles.Outcome.Written), InboxFiles.Keep(_directory.Path, message));
        Assert.Equal((path, InboxFiles.Outcome.AlreadyKept), InboxFiles.Keep(_directory.Path, message));
        Assert.Equal(ReturnPlan(), ExchangeCommands.ReadPayload(path));
    }

    [Theory]
    [InlineData("", "IT/NCP")]
    [InlineData("../../0123456789abcdef0123456789", "IT/NCP")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", "IT/NCP")]
    [InlineData("0123456789abcdef0123456789abcdef0", "IT/NCP")]
    [InlineData(".hidden", "IT/NCP")]
    [InlineData(MessageId, "")]
    [InlineData(MessageId, "../NCP")]
    [InlineData(MessageId, "IT/NCP/../../x")]
    [InlineData(MessageId, "it/ncp")]
    public void A_message_id_or_sender_of_another_shape_never_becomes_a_file_name(string id, string sender)
    {
        var refusal = Assert.Throws<RejectedException>(() =>
            InboxFiles.Keep(_directory.Path, new InboxMessage { MessageId = id, Sender = sender, Payload = ReturnPlan() }));

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Empty(Directory.GetFileSystemEntries(_directory.Path));
    }

    [Fact]
    public void The_out_folder_is_created_owner_only_and_a_file_in_its_place_is_a_usage_error()
    {
        var received = Path.Combine(_directory.Path, "received", "today");

        Assert.Equal(received, ExchangeCommands.PrepareOutDirectory(received));

        Assert.True(Directory.Exists(received));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(received));
        }

        var file = _directory.File("a-file");
        File.WriteAllText(file, "");
        Assert.Throws<UsageException>(() => ExchangeCommands.PrepareOutDirectory(file));
    }

    [Fact]
    public void The_summary_line_of_a_received_message_names_ids_types_and_times_but_no_value()
    {
        var message = new InboxMessage
        {
            MessageId = MessageId,
            ConversationId = "fedcba9876543210fedcba9876543210",
            Sender = "IT/NCP",
            MessageType = MessageType.IdentityConfirmationRequest,
            Purpose = Purpose.IdentityVerification,
            LegalBasis = "AL-IT/2019/TRM-MoU art. 6",
            CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)),
            ReceivedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 2, 500, TimeSpan.Zero)),
            Payload = ExchangeCommands.ReadPayload(Path.Combine(Examples, "identity-confirmation-request.json")),
        };

        Assert.Equal(
            $"{MessageId} from IT/NCP IDENTITY_CONFIRMATION_REQUEST purpose IDENTITY_VERIFICATION created 2026-11-28T10:00:00Z received 2026-11-28T10:00:02Z",
            ExchangeCommands.SummaryLine(message));

        message.InReplyTo = "00000000000000000000000000000001";
        Assert.EndsWith(" in reply to 00000000000000000000000000000001", ExchangeCommands.SummaryLine(message), StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_line_ends_with_the_retention_dates_the_sender_set()
    {
        var message = new InboxMessage
        {
            MessageId = MessageId,
            Sender = "IT/NCP",
            MessageType = MessageType.ReturnPlan,
            Purpose = Purpose.ReturnCoordination,
            CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)),
            ReceivedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 2, TimeSpan.Zero)),
            InReplyTo = "00000000000000000000000000000001",
            ReviewDate = "2027-10-31",
            ErasureDate = "2031-10-31",
        };
        var line = $"{MessageId} from IT/NCP RETURN_PLAN purpose RETURN_COORDINATION created 2026-11-28T10:00:00Z received 2026-11-28T10:00:02Z " +
            "in reply to 00000000000000000000000000000001";

        Assert.Equal($"{line} review 2027-10-31 erasure 2031-10-31", ExchangeCommands.SummaryLine(message));

        message.ReviewDate = "";
        Assert.Equal($"{line} erasure 2031-10-31", ExchangeCommands.SummaryLine(message));

        message.ErasureDate = "";
        message.ReviewDate = "2027";
        Assert.Equal($"{line} review 2027", ExchangeCommands.SummaryLine(message));
    }

    [Fact]
    public void A_submission_prints_its_decisions_then_one_line_per_cancelled_message()
    {
        var answer = new SubmitResponse
        {
            MessageId = MessageId,
            ConversationId = "fedcba9876543210fedcba9876543210",
            Decisions = { new Decision { Action = "KEPT", FieldPath = "correction_or_withdrawal_notice.kind", RuleId = "T-correction-or-withdrawal-notice" } },
            CancelledMessageIds = { "00000000000000000000000000000001", "00000000000000000000000000000002" },
        };

        Assert.Equal(
            [
                $"submitted: {MessageId} conversation fedcba9876543210fedcba9876543210",
                "  KEPT correction_or_withdrawal_notice.kind (T-correction-or-withdrawal-notice)",
                "cancelled: 00000000000000000000000000000001",
                "cancelled: 00000000000000000000000000000002",
            ],
            ExchangeCommands.SubmittedLines(answer));

        answer.CancelledMessageIds.Clear();
        Assert.DoesNotContain(ExchangeCommands.SubmittedLines(answer), l => l.StartsWith("cancelled:", StringComparison.Ordinal));

        answer.CancelledMessageIds.Add("0000\u001b[2J");
        Assert.Equal("cancelled: 0000?[2J", ExchangeCommands.SubmittedLines(answer).Last());
    }

    [Fact]
    public void A_status_without_notice_fields_prints_as_before()
    {
        var at = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var status = new StatusResponse
        {
            MessageId = MessageId,
            CurrentState = "DELIVERED",
            Events = { new StatusEvent { State = "QUEUED", At = at }, new StatusEvent { State = "DELIVERED", At = at } },
        };

        Assert.Equal(
            [$"{MessageId} DELIVERED", "  2026-11-28T10:00:00Z QUEUED", "  2026-11-28T10:00:00Z DELIVERED"],
            ExchangeCommands.StatusLines(status));
    }

    [Fact]
    public void A_status_prints_retention_superseded_by_and_one_line_per_notice_after_the_events()
    {
        var at = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var status = new StatusResponse
        {
            MessageId = MessageId,
            CurrentState = "SUPERSEDED",
            Events = { new StatusEvent { State = "RECEIVED", At = at }, new StatusEvent { State = "SUPERSEDED", At = at } },
            ReviewDate = "2027-10-31",
            ErasureDate = "2031-10-31",
            SupersededBy = "00000000000000000000000000000009",
            Notices =
            {
                new NoticeStatus
                {
                    NoticeId = "00000000000000000000000000000008",
                    Kind = NoticeKind.Rectification,
                    CorrectedBy = "00000000000000000000000000000009",
                    Outcome = NoticeReferenceOutcome.Applied,
                    NoticeState = "ACKNOWLEDGED",
                },
                new NoticeStatus
                {
                    NoticeId = "00000000000000000000000000000007",
                    Kind = NoticeKind.ConsentWithdrawal,
                    Outcome = NoticeReferenceOutcome.Refused,
                    Reason = ReasonCode.NotAuthorized,
                    NoticeState = "RECEIVED",
                },
            },
        };

        Assert.Equal(
            [
                $"{MessageId} SUPERSEDED",
                "  2026-11-28T10:00:00Z RECEIVED",
                "  2026-11-28T10:00:00Z SUPERSEDED",
                "  retention review 2027-10-31 erasure 2031-10-31",
                "  superseded by 00000000000000000000000000000009",
                "  notice 00000000000000000000000000000008 RECTIFICATION APPLIED corrected by 00000000000000000000000000000009 (notice ACKNOWLEDGED)",
                "  notice 00000000000000000000000000000007 CONSENT_WITHDRAWAL REFUSED NOT_AUTHORIZED (notice RECEIVED)",
            ],
            ExchangeCommands.StatusLines(status));
    }

    [Theory]
    [InlineData(NoticeReferenceOutcome.Unspecified, "QUEUED", "  notice 00000000000000000000000000000008 ERASURE UNANSWERED (notice QUEUED)")]
    [InlineData(NoticeReferenceOutcome.Awaited, "DELIVERED", "  notice 00000000000000000000000000000008 ERASURE AWAITED (notice DELIVERED)")]
    [InlineData(NoticeReferenceOutcome.Applied, "", "  notice 00000000000000000000000000000008 ERASURE APPLIED")]
    public void A_notice_line_says_unanswered_until_the_receipt_is_back(NoticeReferenceOutcome outcome, string state, string expected) =>
        Assert.Equal(expected, ExchangeCommands.NoticeLine(new NoticeStatus
        {
            NoticeId = "00000000000000000000000000000008",
            Kind = NoticeKind.Erasure,
            Outcome = outcome,
            NoticeState = state,
        }));

    [Fact]
    public void Decision_and_event_lines_have_the_documented_format()
    {
        Assert.Equal(
            "  REMOVED identity_confirmation_request.photo (R1-identity-evidence-only, POLICY_FIELD_NOT_ALLOWED)",
            ExchangeCommands.DecisionLine(new Decision
            {
                Action = "REMOVED",
                FieldPath = "identity_confirmation_request.photo",
                RuleId = "R1-identity-evidence-only",
                DetailCode = "POLICY_FIELD_NOT_ALLOWED",
            }));
        Assert.Equal(
            "  KEPT (message) (R1-identity-evidence-only)",
            ExchangeCommands.DecisionLine(new Decision { Action = "KEPT", RuleId = "R1-identity-evidence-only" }));

        var at = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("  2026-11-28T10:00:00Z QUEUED", ExchangeCommands.EventLine(new StatusEvent { State = "QUEUED", At = at }));
        Assert.Equal(
            "  2026-11-28T10:00:00Z RETRY_WAIT attempt 2 UNAVAILABLE",
            ExchangeCommands.EventLine(new StatusEvent { State = "RETRY_WAIT", At = at, Attempt = 2, Reason = ReasonCode.Unavailable }));
    }

    [Fact]
    public void A_gateway_refusal_becomes_its_code_and_the_text_after_the_code_prefix()
    {
        var refusal = ErrorStatus.ToRpcException(ReasonCode.NotFound, $"no message {MessageId} is known here");

        Assert.Equal(
            $"rejected: NOT_FOUND: no message {MessageId} is known here",
            LocalGateway.Refusal(refusal, Gateway).ToRejectionLine());
    }

    [Fact]
    public void A_policy_refusal_carries_the_decisions_that_are_printed_before_the_rejection_line()
    {
        var report = new SubmitResponse
        {
            Decisions =
            {
                new Decision { Action = "KEPT", FieldPath = "law_enforcement_information.case_reference", RuleId = "R10-police-data-only-to-police" },
                new Decision { Action = "REFUSED", RuleId = "R10-police-data-only-to-police", Reason = ReasonCode.PolicyRefused, DetailCode = "POLICY_CHANNEL_SEPARATION" },
            },
        };
        var refusal = new Google.Rpc.Status
        {
            Code = (int)StatusCode.FailedPrecondition,
            Message = "POLICY_REFUSED: rule R10-police-data-only-to-police refuses the message (POLICY_CHANNEL_SEPARATION)",
            Details = { Any.Pack(new ErrorInfo { Reason = "POLICY_REFUSED", Domain = ErrorStatus.Domain }), Any.Pack(report) },
        }.ToRpcException();

        Assert.Equal(report.Decisions, ExchangeCommands.RefusedDecisions(refusal));
        Assert.Equal("  REFUSED (message) (R10-police-data-only-to-police, POLICY_CHANNEL_SEPARATION)", ExchangeCommands.DecisionLine(report.Decisions[1]));
        Assert.Equal(
            "rejected: POLICY_REFUSED: rule R10-police-data-only-to-police refuses the message (POLICY_CHANNEL_SEPARATION)",
            LocalGateway.Refusal(refusal, Gateway).ToRejectionLine());
    }

    [Fact]
    public void A_refusal_without_decisions_has_none_to_print() =>
        Assert.Empty(ExchangeCommands.RefusedDecisions(ErrorStatus.ToRpcException(ReasonCode.NotAuthorized, "IT/NCP case-worker may not submit RETURN_PLAN")));

    [Theory]
    [InlineData(StatusCode.Unavailable, "UNAVAILABLE: the gateway at " + Gateway + " did not answer")]
    [InlineData(StatusCode.DeadlineExceeded, "UNAVAILABLE: the gateway at " + Gateway + " did not answer")]
    [InlineData(StatusCode.Unimplemented, "UNAVAILABLE: the gateway at " + Gateway + " does not offer this call")]
    [InlineData(StatusCode.PermissionDenied, "NOT_AUTHORIZED: the gateway at " + Gateway + " refused the call (PermissionDenied)")]
    [InlineData(StatusCode.NotFound, "NOT_FOUND: the gateway at " + Gateway + " found nothing to answer (NotFound)")]
    [InlineData(StatusCode.Internal, "UNAVAILABLE: the gateway at " + Gateway + " failed to answer (Internal)")]
    public void A_failure_without_a_CrossBorder_reason_gets_a_code_from_its_status_and_a_generic_text(StatusCode code, string expected)
    {
        var failure = new RpcException(new Grpc.Core.Status(code, "Error starting gRPC call. HttpRequestException: Connection refused (127.0.0.1:47132)"));

        Assert.Equal("rejected: " + expected, LocalGateway.Refusal(failure, Gateway).ToRejectionLine());
    }

    [Fact]
    public void A_reason_from_another_domain_is_not_taken_for_a_CrossBorder_reason()
    {
        var failure = new Google.Rpc.Status
        {
            Code = (int)StatusCode.Unavailable,
            Message = "REVOKED: something else",
            Details = { Any.Pack(new ErrorInfo { Reason = "REVOKED", Domain = "example.org" }) },
        }.ToRpcException();

        Assert.Equal($"rejected: UNAVAILABLE: the gateway at {Gateway} did not answer", LocalGateway.Refusal(failure, Gateway).ToRejectionLine());
    }

    [Fact]
    public void Unreadable_status_details_are_a_failure_without_a_reason_and_without_decisions()
    {
        var failure = new RpcException(
            new Grpc.Core.Status(StatusCode.Unavailable, "NOT_FOUND: forged"),
            new Metadata { { "grpc-status-details-bin", new byte[] { 0xff, 0xff, 0xff } } });

        Assert.Equal($"rejected: UNAVAILABLE: the gateway at {Gateway} did not answer", LocalGateway.Refusal(failure, Gateway).ToRejectionLine());
        Assert.Empty(ExchangeCommands.RefusedDecisions(failure));
    }

    [Fact]
    public void A_refusal_text_with_line_breaks_or_escapes_stays_one_printable_line()
    {
        var refusal = ErrorStatus.ToRpcException(ReasonCode.NotAuthorized, "line one\nrejected: OK: forged\u001b[2J\u202e");

        var line = LocalGateway.Refusal(refusal, Gateway).ToRejectionLine();

        Assert.Equal("rejected: NOT_AUTHORIZED: line one?rejected: OK: forged?[2J?", line);
    }

    [Fact]
    public void A_refusal_with_an_empty_text_gets_a_generic_one()
    {
        var refusal = ErrorStatus.ToRpcException(ReasonCode.Revoked, "");

        Assert.Equal($"rejected: REVOKED: the gateway at {Gateway} refused the call", LocalGateway.Refusal(refusal, Gateway).ToRejectionLine());
    }

    private static CasePayload ReturnPlan() =>
        ExchangeCommands.ReadPayload(Path.Combine(Examples, "return-plan.json"));
}
