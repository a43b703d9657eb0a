using System.CommandLine;
using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder send|inbox|status</c>: a local client submits a case payload, reads the
/// messages received for its role and follows the evidence trail of a message, through its
/// gateway's local face (<c>crossborder.v1.LocalExchange</c>) as its client profile describes.
/// Payload values are personal data: they are written only where the user asked for them.
/// </summary>
internal static class ExchangeCommands
{
    /// <summary>The longest <c>inbox --wait</c>: a long poll, not a subscription.</summary>
    public const uint MaxWaitSeconds = 3600;

    /// <summary>The deadline of Submit: the gateway minimizes, signs, encrypts and stores before it answers.</summary>
    private static readonly TimeSpan SubmitCall = TimeSpan.FromSeconds(30);

    /// <summary>Beyond the requested wait, how long Inbox may take to answer.</summary>
    private static readonly TimeSpan InboxMargin = TimeSpan.FromSeconds(10);

    private static readonly JsonFormatter JsonLine = new(JsonFormatter.Settings.Default);

    public static Command CreateSend(CliContext context)
    {
        var profile = ProfileOption();
        var to = new Option<string>("--to") { Description = "The recipient participant, e.g. AL/CONSULAR", Required = true };
        var purpose = new Option<string>("--purpose")
        {
            Description = "Why the message is sent, e.g. IDENTITY_VERIFICATION (with or without the PURPOSE_ prefix)",
            Required = true,
        };
        var legalBasis = new Option<string>("--legal-basis")
        {
            Description = "The legal instrument the transfer rests on, e.g. \"AL-IT/2019/TRM-MoU art. 6\"",
            Required = true,
        };
        var payload = new Option<string>("--payload")
        {
            Description = "The case payload as protobuf JSON of crossborder.v1.CasePayload (see docs/examples/payloads); unknown fields are refused",
            Required = true,
        };
        var inReplyTo = new Option<string?>("--in-reply-to") { Description = "The message id this message answers (32 lower-case hex digits)" };
        var conversation = new Option<string?>("--conversation") { Description = "The conversation to continue; a new one when omitted" };
        var json = new Option<bool>("--json") { Description = "Print the gateway's answer (crossborder.v1.SubmitResponse) as one protobuf JSON object instead" };
        var submissionKey = new Option<string?>("--submission-key")
        {
            Description = "A key of your choice for this submission (e.g. a UUID): sending again with the same key answers the first message id instead of sending twice",
        };
        var send = new DocumentedCommand(
            "send",
            "Submit a case payload to another participant through our gateway, which minimizes, signs, encrypts and queues it",
            "submitted: <message_id> conversation <conversation_id>\n" +
            "  <ACTION> <field_path> (<rule_id>[, <detail_code>])      one line per minimization decision\n" +
            "cancelled: <message_id>      one line per message a withdrawal, erasure or wrong-transfer notice cancelled before it left\n" +
            "\n" +
            "With --json: the gateway's answer (crossborder.v1.SubmitResponse) as one protobuf JSON object.\n" +
            "When the gateway refuses, the decisions (if any) and one line 'rejected: CODE: reason' go to stderr;\n" +
            "exit code 1. An unknown field in the payload is 'rejected: UNKNOWN_FIELD: ...' before anything is sent.")
        {
            profile, to, purpose, legalBasis, payload, inReplyTo, conversation, json, submissionKey,
        };
        send.SetAction((parse, token) => SendAsync(context, new SendArguments(
            parse.GetRequiredValue(profile), parse.GetRequiredValue(to), parse.GetRequiredValue(purpose), parse.GetRequiredValue(legalBasis),
            parse.GetRequiredValue(payload), parse.GetValue(inReplyTo), parse.GetValue(conversation), parse.GetValue(json), parse.GetValue(submissionKey)), token));
        return send;
    }

    public static Command CreateInbox(CliContext context)
    {
        var profile = ProfileOption();
        var wait = new Option<uint>("--wait")
        {
            Description = $"Wait up to this many seconds for a message when none is waiting (0 to {MaxWaitSeconds}; default 0: answer at once)",
        };
        var max = new Option<uint>("--max") { Description = "At most this many messages (default 0: as many as the gateway hands out at once)" };
        var ack = new Option<bool>("--ack")
        {
            Description = "Acknowledge each message once it is kept (needs --out or --json): the gateway never offers it again",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write each payload as protobuf JSON to DIR/<SENDER>_<message_id>.json (e.g. IT-NCP_<message_id>.json), mode 0600, never over an existing file (DIR is created with mode 0700)",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print each message, payload included, as one protobuf JSON line (crossborder.v1.InboxMessage) instead of the summary",
        };
        var inbox = new DocumentedCommand(
            "inbox",
            "Read the messages received for our local role that are not yet acknowledged",
            "One line per message on stdout (times in UTC, ISO 8601):\n" +
            "  <message_id> from <sender> <MESSAGE_TYPE> purpose <PURPOSE> created <time> received <time>[ in reply to <message_id>][ review <date>][ erasure <date>]\n" +
            "(review and erasure: the retention dates the sender set; at the erasure date the gateway purges the message)\n" +
            "\n" +
            "Payload values are personal data: they are never printed unless asked for. --out DIR keeps each payload\n" +
            "in DIR/<SENDER>_<message_id>.json (the sender with '/' as '-', e.g. IT-NCP_<message_id>.json); --json prints\n" +
            "each message, payload included, as one protobuf JSON line (crossborder.v1.InboxMessage) instead of the summary line.\n" +
            "'acknowledged: <message_id> from <sender>' (with --ack) and 'inbox: no messages' go to stderr: stdout holds exactly\n" +
            "one line per message kept. A file of that name with other content is never replaced: that message is neither\n" +
            "printed nor acknowledged, 'rejected: ID_CONFLICT: ...' goes to stderr and the exit code is 1.")
        {
            profile, wait, max, ack, output, json,
        };
        inbox.SetAction((parse, token) => InboxAsync(context, new InboxArguments(
            parse.GetRequiredValue(profile), parse.GetValue(wait), parse.GetValue(max), parse.GetValue(ack), parse.GetValue(output), parse.GetValue(json)), token));
        return inbox;
    }

    public static Command CreateStatus(CliContext context)
    {
        var profile = ProfileOption();
        var id = new Option<string>("--id") { Description = "The message id (32 lower-case hex digits)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the evidence trail (crossborder.v1.StatusResponse) as one protobuf JSON object instead" };
        var status = new DocumentedCommand(
            "status",
            "Show the evidence trail of a message we sent or received",
            "<message_id> <current_state>\n" +
            "  <time> <STATE>[ attempt N][ <REASON_CODE>]      one line per event, times in UTC, ISO 8601\n" +
            "  retention[ review <date>][ erasure <date>]      a received message whose sender set them\n" +
            "  superseded by <message_id>      a received message a rectification replaced\n" +
            "  notice <notice_id> <KIND> <OUTCOME>[ <REASON_CODE>][ corrected by <message_id>][ (notice <STATE>)]      one line per notice about the message\n" +
            "(OUTCOME: APPLIED, AWAITED or REFUSED as the recipient answered; UNANSWERED while its receipt has not come back)\n" +
            "\n" +
            "With --json: the trail (crossborder.v1.StatusResponse) as one protobuf JSON object.\n" +
            "An unknown id is 'rejected: NOT_FOUND: ...' on stderr, exit code 1.")
        {
            profile, id, json,
        };
        status.SetAction((parse, token) => StatusAsync(context, parse.GetRequiredValue(profile), parse.GetRequiredValue(id), parse.GetValue(json), token));
        return status;
    }

    /// <summary>
    /// Reads a payload file with the one payload JSON reader (<see cref="PayloadJson"/>): a field
    /// or enum value the contract does not know is refused with UNKNOWN_FIELD, a field given twice
    /// or anything else that is not a <c>CasePayload</c> in protobuf JSON with MALFORMED (exit 1),
    /// naming the field path and the problem, never a value; an unreadable file is a usage error (exit 2).
    /// </summary>
    internal static CasePayload ReadPayload(string path) =>
        PayloadJson.Read(InputFiles.Bytes("--payload", path, SchemaInfo.DefaultMaxEnvelopeBytes), $"--payload {path}");
    /// <summary>Creates the <c>--out</c> folder with mode 0700 when it does not exist; an existing one keeps its mode.</summary>
    internal static string PrepareOutDirectory(string directory)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            if (File.Exists(full))
            {
                throw new UsageException($"--out {directory}: is a file, not a folder");
            }

            PrivateFolder.Create(full);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"--out {directory}: cannot create the folder");
        }
    }

    /// <summary>Parses a purpose name, with or without the <c>PURPOSE_</c> prefix.</summary>
    internal static Purpose ParsePurpose(string text)
    {
        const string Prefix = "PURPOSE_";
        var name = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text;
        return ProtoEnumNames<Purpose>.TryParse(name, out var purpose)
            ? purpose
            : throw new UsageException($"--purpose '{text}' is not one of: {string.Join(", ", ProtoEnumNames<Purpose>.Defined.Select(ProtoEnumNames<Purpose>.Name))}");
    }

    /// <summary>A message id: 32 lower-case hex digits (crossborder.v1.RouteHeader).</summary>
    internal static bool IsMessageId(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>One line of the decision report: <c>  ACTION field_path (rule_id[, detail_code])</c>.</summary>
    internal static string DecisionLine(Decision decision)
    {
        var field = decision.FieldPath.Length == 0 ? "(message)" : decision.FieldPath;
        var detail = decision.DetailCode.Length == 0 ? "" : $", {decision.DetailCode}";
        return LocalGateway.Printable($"  {decision.Action} {field} ({decision.RuleId}{detail})");
    }

    /// <summary>The summary line of a received message; never a payload value.</summary>
    internal static string SummaryLine(InboxMessage message)
    {
        var reply = message.InReplyTo.Length == 0 ? "" : $" in reply to {message.InReplyTo}";
        return LocalGateway.Printable(
            $"{message.MessageId} from {message.Sender} {ProtoEnumNames<MessageType>.Name(message.MessageType)} " +
            $"purpose {ProtoEnumNames<Purpose>.Name(message.Purpose)} created {Time(message.CreatedAt)} received {Time(message.ReceivedAt)}{reply}" +
            Retention(message.ReviewDate, message.ErasureDate));
    }

    /// <summary>
    /// What a submission printed: the <c>submitted:</c> line, one line per decision, then one
    /// <c>cancelled: &lt;message_id&gt;</c> per message the notice cancelled before it left.
    /// </summary>
    internal static IEnumerable<string> SubmittedLines(SubmitResponse answer)
    {
        yield return LocalGateway.Printable($"submitted: {answer.MessageId} conversation {answer.ConversationId}");
        foreach (var decision in answer.Decisions)
        {
            yield return DecisionLine(decision);
        }

        foreach (var cancelled in answer.CancelledMessageIds)
        {
            yield return LocalGateway.Printable($"cancelled: {cancelled}");
        }
    }

    /// <summary>
    /// A message's evidence trail as printed: <c>id state</c>, one line per event, then, only
    /// when the gateway gave them, the retention dates, the message that supersedes it and one
    /// line per notice about it (<see cref="NoticeLine"/>).
    /// </summary>
    internal static IEnumerable<string> StatusLines(StatusResponse answer)
    {
        yield return LocalGateway.Printable($"{answer.MessageId} {answer.CurrentState}");
        foreach (var statusEvent in answer.Events)
        {
            yield return EventLine(statusEvent);
        }

        if (Retention(answer.ReviewDate, answer.ErasureDate) is { Length: > 0 } retention)
        {
            yield return LocalGateway.Printable($"  retention{retention}");
        }

        if (answer.SupersededBy.Length > 0)
        {
            yield return LocalGateway.Printable($"  superseded by {answer.SupersededBy}");
        }

        foreach (var notice in answer.Notices)
        {
            yield return NoticeLine(notice);
        }
    }

    /// <summary>
    /// One notice about a message: <c>  notice id KIND OUTCOME[ REASON][ corrected by id][ (notice STATE)]</c>;
    /// the outcome is UNANSWERED while the notice's receipt has not come back.
    /// </summary>
    internal static string NoticeLine(NoticeStatus notice)
    {
        var outcome = OutcomeName(notice.Outcome);
        var reason = notice.Reason == ReasonCode.Unspecified ? "" : $" {notice.Reason.Name()}";
        var corrected = notice.CorrectedBy.Length == 0 ? "" : $" corrected by {notice.CorrectedBy}";
        var state = notice.NoticeState.Length == 0 ? "" : $" (notice {notice.NoticeState})";
        return LocalGateway.Printable($"  notice {notice.NoticeId} {ProtoEnumNames<NoticeKind>.Name(notice.Kind)} {outcome}{reason}{corrected}{state}");
    }

    /// <summary>A notice's outcome for one message as printed: APPLIED, AWAITED, REFUSED, or UNANSWERED while no receipt came back.</summary>
    internal static string OutcomeName(NoticeReferenceOutcome outcome) =>
        outcome == NoticeReferenceOutcome.Unspecified ? "UNANSWERED" : ProtoEnumNames<NoticeReferenceOutcome>.Name(outcome);

    /// <summary>The retention dates the sender set, as <c> review DATE erasure DATE</c> (each only when given); empty when none.</summary>
    private static string Retention(string reviewDate, string erasureDate) =>
        (reviewDate.Length == 0 ? "" : $" review {reviewDate}") + (erasureDate.Length == 0 ? "" : $" erasure {erasureDate}");

    /// <summary>One line of a message's evidence trail: <c>  time STATE[ attempt N][ REASON]</c>.</summary>
    internal static string EventLine(StatusEvent statusEvent)
    {
        var attempt = statusEvent.Attempt == 0 ? "" : $" attempt {statusEvent.Attempt}";
        var reason = statusEvent.Reason == ReasonCode.Unspecified ? "" : $" {statusEvent.Reason.Name()}";
        return LocalGateway.Printable($"  {Time(statusEvent.At)} {statusEvent.State}{attempt}{reason}");
    }

    private static Task<int> SendAsync(CliContext context, SendArguments args, CancellationToken cancellationToken)
    {
        var request = Request(args.To, ParsePurpose(args.Purpose), args.LegalBasis, args.InReplyTo, args.Conversation, args.SubmissionKey);
        return SubmitAsync(context, args.Profile, request, () => ReadPayload(args.Payload), args.Json, cancellationToken);
    }

    /// <summary>
    /// A submission's header from the command's options (payload aside), each checked here so
    /// that a mistake is a usage error (exit 2) naming the option before anything is sent.
    /// </summary>
    internal static SubmitRequest Request(string to, Purpose purpose, string legalBasis, string? inReplyTo, string? conversation, string? submissionKey) => new()
    {
        Recipient = ParticipantId.TryParse(to, out var recipient)
            ? recipient.ToString()
            : throw new UsageException($"--to '{to}' is not a participant id (like AL/CONSULAR)"),
        Purpose = purpose,
        LegalBasis = string.IsNullOrWhiteSpace(legalBasis)
            ? throw new UsageException("--legal-basis must name the legal instrument the transfer rests on")
            : legalBasis.Trim(),
        InReplyTo = inReplyTo is null || IsMessageId(inReplyTo)
            ? inReplyTo ?? ""
            : throw new UsageException($"--in-reply-to '{inReplyTo}' is not a message id (32 lower-case hex digits)"),
        ConversationId = conversation is null || !string.IsNullOrWhiteSpace(conversation)
            ? conversation ?? ""
            : throw new UsageException("--conversation must not be empty"),
        SubmissionKey = submissionKey is null
            || (submissionKey.Length is > 0 and <= 64 && submissionKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? submissionKey ?? ""
            : throw new UsageException("--submission-key must be 1 to 64 letters, digits, '-' or '_'"),
    };

    /// <summary>
    /// Submits <paramref name="request"/> with the payload <paramref name="payload"/> makes (read
    /// after the profile, so that a bad profile is a usage error first) and prints the answer:
    /// <see cref="SubmittedLines"/>, or with <paramref name="json"/> the <c>SubmitResponse</c>.
    /// A refusal prints its decisions on stderr before the rejection line.
    /// </summary>
    internal static async Task<int> SubmitAsync(
        CliContext context, string profilePath, SubmitRequest request, Func<CasePayload> payload, bool json, CancellationToken cancellationToken)
    {
        using var gateway = LocalGateway.Open(profilePath, context.Time);
        request.Payload = payload();

        var answer = await gateway.CallAsync(
            (client, options) => client.SubmitAsync(request, options), SubmitCall, cancellationToken,
            async refusal =>
            {
                foreach (var decision in RefusedDecisions(refusal))
                {
                    await context.Error.WriteLineAsync(DecisionLine(decision)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

        if (json)
        {
            await context.Out.WriteLineAsync(JsonLine.Format(answer)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        foreach (var line in SubmittedLines(answer))
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> InboxAsync(CliContext context, InboxArguments args, CancellationToken cancellationToken)
    {
        if (args.Wait > MaxWaitSeconds)
        {
            throw new UsageException($"--wait {args.Wait}: at most {MaxWaitSeconds} seconds");
        }

        if (args.Ack && args.Out is null && !args.Json)
        {
            throw new UsageException("--ack needs --out DIR or --json: an acknowledged message is never offered again, so its payload must be kept first");
        }

        var directory = args.Out is null ? null : PrepareOutDirectory(args.Out);
        using var gateway = LocalGateway.Open(args.Profile, context.Time);
        var request = new InboxRequest { WaitSeconds = args.Wait, MaxMessages = args.Max };
        var answer = await gateway.CallAsync(
            (client, options) => client.InboxAsync(request, options), TimeSpan.FromSeconds(args.Wait) + InboxMargin, cancellationToken).ConfigureAwait(false);

        if (answer.Messages.Count == 0)
        {
            await context.Error.WriteLineAsync("inbox: no messages").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var exitCode = ExitCodes.Ok;
        foreach (var message in answer.Messages)
        {
            if (directory is not null && InboxFiles.Keep(directory, message) is (var path, InboxFiles.Outcome.Conflict))
            {
                // Another message's payload under this name (or a file of the user's): neither is lost,
                // and this message stays unacknowledged, so it is offered again.
                await context.Error.WriteLineAsync(LocalGateway.Printable(
                    $"rejected: {ReasonCode.IdConflict.Name()}: {Path.GetFileName(path)} exists with other content; {message.MessageId} from {message.Sender} not kept and not acknowledged")).ConfigureAwait(false);
                exitCode = ExitCodes.Rejected;
                continue;
            }

            await context.Out.WriteLineAsync(args.Json ? JsonLine.Format(message) : SummaryLine(message)).ConfigureAwait(false);
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (args.Ack)
            {
                var acknowledge = new AcknowledgeRequest { MessageId = message.MessageId, Sender = message.Sender };
                await gateway.CallAsync(
                    (client, options) => client.AcknowledgeAsync(acknowledge, options), LocalGateway.ShortCall, cancellationToken).ConfigureAwait(false);
                await context.Error.WriteLineAsync(LocalGateway.Printable($"acknowledged: {message.MessageId} from {message.Sender}")).ConfigureAwait(false);
            }
        }

        return exitCode;
    }

    private static async Task<int> StatusAsync(CliContext context, string profilePath, string id, bool json, CancellationToken cancellationToken)
    {
        if (!IsMessageId(id))
        {
            throw new UsageException($"--id '{id}' is not a message id (32 lower-case hex digits)");
        }

        using var gateway = LocalGateway.Open(profilePath, context.Time);
        var answer = await gateway.CallAsync(
            (client, options) => client.StatusAsync(new StatusRequest { MessageId = id }, options), LocalGateway.ShortCall, cancellationToken).ConfigureAwait(false);

        if (json)
        {
            await context.Out.WriteLineAsync(JsonLine.Format(answer)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        foreach (var line in StatusLines(answer))
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The decisions a policy refusal carries as a packed <c>SubmitResponse</c>, if any.</summary>
    internal static RepeatedField<Decision> RefusedDecisions(RpcException refusal)
    {
        try
        {
            return refusal.GetRpcStatus()?.GetDetail<SubmitResponse>()?.Decisions ?? [];
        }
        catch (InvalidProtocolBufferException)
        {
            return [];
        }
    }

    private static string Time(Timestamp? at)
    {
        if (at is null)
        {
            return "-";
        }

        try
        {
            return at.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "(invalid time)";
        }
    }

    private static Option<string> ProfileOption() => new("--profile")
    {
        Description = "Our client profile (e.g. certs-dev/participants/it-ncp/clients/case-worker/profile.json, written by dev-pki init)",
        Required = true,
    };

    private sealed record SendArguments(
        string Profile, string To, string Purpose, string LegalBasis, string Payload, string? InReplyTo, string? Conversation, bool Json, string? SubmissionKey);

    private sealed record InboxArguments(string Profile, uint Wait, uint Max, bool Ack, string? Out, bool Json);
}
