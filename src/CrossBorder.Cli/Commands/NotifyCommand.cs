using System.CommandLine;
using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder notify</c>: a local client tells a recipient that messages it sent are withdrawn,
/// to be erased, sent by mistake or corrected. It builds the <c>CorrectionOrWithdrawalNotice</c>
/// (message references only, never the data they are about) and submits it exactly as <c>send</c>
/// does; the notice's signed receipt later says what the recipient did with each reference.
/// </summary>
internal static class NotifyCommand
{
    /// <summary>
    /// The legal basis a notice cites unless told otherwise: the Council of Europe Convention on
    /// Action against Trafficking in Human Beings, art. 11 (victims' personal data are kept and
    /// used under the data-protection convention, whose rectification and erasure rights a notice
    /// carries out). Every country of the federation is party to it, on either channel.
    /// </summary>
    public const string DefaultLegalBasis = "CETS No. 197 art. 11";

    /// <summary>The <c>--kind</c> words, the notice kind each stands for and the action it asks for.</summary>
    private static readonly (string Word, NoticeKind Kind, NoticeAction Action)[] Kinds =
    [
        ("withdrawal", NoticeKind.ConsentWithdrawal, NoticeAction.Erase),
        ("rectification", NoticeKind.Rectification, NoticeAction.ReplaceWithCorrectedMessage),
        ("erasure", NoticeKind.Erasure, NoticeAction.Erase),
        ("wrong-transfer", NoticeKind.WrongTransfer, NoticeAction.Erase),
    ];

    private static string KindWords => string.Join(", ", Kinds.Select(k => k.Word));

    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile")
        {
            Description = "Our client profile (e.g. certs-dev/participants/it-ncp/clients/case-worker/profile.json, written by dev-pki init)",
            Required = true,
        };
        var to = new Option<string>("--to") { Description = "The participant the messages were sent to, e.g. AL/NCP", Required = true };
        var kind = new Option<string>("--kind") { Description = $"What the notice is about: {KindWords}", Required = true };
        var references = new Option<string>("--references")
        {
            Description = $"The ids of the messages concerned, comma-separated (1 to {NoticeRules.MaxReferences}, each 32 lower-case hex digits)",
            Required = true,
        };
        var correctedBy = new Option<string?>("--corrected-by") { Description = "With --kind rectification: the message id that carries the corrected data" };
        var legalBasis = new Option<string?>("--legal-basis") { Description = $"The legal instrument the notice rests on (default \"{DefaultLegalBasis}\")" };
        var conversation = new Option<string?>("--conversation")
        {
            Description = "The conversation of the messages concerned; a withdrawal also cancels that conversation's messages still waiting to leave",
        };
        var json = new Option<bool>("--json") { Description = "Print the gateway's answer (crossborder.v1.SubmitResponse) as one protobuf JSON object instead" };
        var submissionKey = new Option<string?>("--submission-key")
        {
            Description = "A key of your choice for this notice (e.g. a UUID): sending again with the same key answers the first message id instead of sending twice",
        };
        var notify = new DocumentedCommand(
            "notify",
            "Send a consent-withdrawal, rectification, erasure or wrong-transfer notice about messages we sent; the recipient's gateway acts on it",
            "submitted: <message_id> conversation <conversation_id>\n" +
            "  <ACTION> <field_path> (<rule_id>[, <detail_code>])      one line per minimization decision\n" +
            "cancelled: <message_id>      one line per message the notice cancelled before it left\n" +
            "\n" +
            "With --json: the gateway's answer (crossborder.v1.SubmitResponse) as one protobuf JSON object.\n" +
            "Refusals as for send. 'status --id <message_id>' of a message concerned shows the notice and\n" +
            "what the recipient answered (APPLIED, AWAITED or REFUSED) once the notice's receipt is back.")
        {
            profile, to, kind, references, correctedBy, legalBasis, conversation, json, submissionKey,
        };
        notify.SetAction((parse, token) =>
        {
            var notice = Notice(parse.GetRequiredValue(kind), parse.GetRequiredValue(references), parse.GetValue(correctedBy), context.Time.GetUtcNow());
            var request = ExchangeCommands.Request(
                parse.GetRequiredValue(to), Purpose.DataSubjectRights, parse.GetValue(legalBasis) ?? DefaultLegalBasis, null, parse.GetValue(conversation), parse.GetValue(submissionKey));
            var payload = new CasePayload { CorrectionOrWithdrawalNotice = notice };
            return ExchangeCommands.SubmitAsync(context, parse.GetRequiredValue(profile), request, () => payload, parse.GetValue(json), token);
        });
        return notify;
    }

    /// <summary>
    /// The notice the options describe, effective <paramref name="now"/> (to the second, UTC). Every
    /// mistake the recipient would refuse is a usage error here, before anything is sent: an
    /// unknown kind, no references, an empty, malformed or repeated one, a corrected-by that is not
    /// a message id, is one of the references or comes with a kind other than rectification.
    /// </summary>
    internal static CorrectionOrWithdrawalNotice Notice(string kind, string references, string? correctedBy, DateTimeOffset now)
    {
        var (_, noticeKind, action) = Kinds.FirstOrDefault(k => k.Word == kind);
        if (noticeKind == NoticeKind.Unspecified)
        {
            throw new UsageException($"--kind '{kind}' is not one of: {KindWords}");
        }

        var notice = new CorrectionOrWithdrawalNotice
        {
            Kind = noticeKind,
            RequestedAction = action,
            EffectiveAt = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var reference in References(references))
        {
            notice.MessageReferences.Add(reference);
        }

        if (correctedBy is not null)
        {
            if (noticeKind != NoticeKind.Rectification)
            {
                throw new UsageException($"--corrected-by is only for --kind rectification, not {kind}");
            }

            if (!ExchangeCommands.IsMessageId(correctedBy))
            {
                throw new UsageException($"--corrected-by '{correctedBy}' is not a message id (32 lower-case hex digits)");
            }

            if (notice.MessageReferences.Contains(correctedBy))
            {
                throw new UsageException($"--corrected-by {correctedBy} is also in --references: the corrected message cannot be one it corrects");
            }

            notice.CorrectedBy = correctedBy;
        }

        return notice;
    }

    private static List<string> References(string text)
    {
        var references = text.Split(',', StringSplitOptions.TrimEntries);
        if (references is [""])
        {
            throw new UsageException("--references must name at least one message id");
        }

        if (references.Length > NoticeRules.MaxReferences)
        {
            throw new UsageException($"--references names {references.Length} messages; a notice names at most {NoticeRules.MaxReferences}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            if (reference.Length == 0)
            {
                throw new UsageException("--references has an empty entry: give message ids separated by single commas");
            }

            if (!ExchangeCommands.IsMessageId(reference))
            {
                throw new UsageException($"--references: '{reference}' is not a message id (32 lower-case hex digits)");
            }

            if (!seen.Add(reference))
            {
                throw new UsageException($"--references: {reference} is listed twice");
            }
        }

        return [.. references];
    }
}
