using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// Keeps received payloads as files for <c>inbox --out</c>. A message id is unique per sender
/// only, so a file is named by both: <c>DIR/IT-NCP_&lt;message_id&gt;.json</c>. A file is never
/// replaced: the payload of a message must not be lost to another one's, and a message is
/// acknowledged only once its own payload is on disk.
/// </summary>
internal static class InboxFiles
{
    private static readonly JsonFormatter PayloadJson = new(JsonFormatter.Settings.Default.WithIndentation());

    /// <summary>How keeping one payload ended.</summary>
    internal enum Outcome
    {
        /// <summary>Written (flushed to disk) under its name.</summary>
        Written,

        /// <summary>The file already holds exactly this payload (e.g. kept by an earlier run whose acknowledgement failed).</summary>
        AlreadyKept,

        /// <summary>A file of that name holds something else: nothing was written; the message must not be acknowledged.</summary>
        Conflict,
    }

    /// <summary>
    /// The file name of a message: the sender with '/' made '-', '_', the id. Sender and id come
    /// from another country: only a well-formed participant id and message id become a file name.
    /// </summary>
    internal static string FileName(InboxMessage message)
    {
        if (!ExchangeCommands.IsMessageId(message.MessageId))
        {
            throw Reject.Because(ReasonCode.Malformed, "the gateway handed out a message whose id is not 32 lower-case hex digits; nothing was written");
        }

        if (!ParticipantId.TryParse(message.Sender, out var sender))
        {
            throw Reject.Because(ReasonCode.Malformed, "the gateway handed out a message whose sender is not a participant id; nothing was written");
        }

        return $"{sender.Country}-{sender.Name}_{message.MessageId}.json";
    }

    /// <summary>
    /// Writes a received message's payload as protobuf JSON into <paramref name="directory"/>,
    /// created with mode 0600 and flushed before it takes its name; an existing file is never replaced.
    /// </summary>
    internal static (string Path, Outcome Outcome) Keep(string directory, InboxMessage message)
    {
        var path = Path.Combine(directory, FileName(message));
        var bytes = Encoding.UTF8.GetBytes(PayloadJson.Format(message.Payload ?? new CasePayload()) + "\n");
        if (AtomicFile.TryCreate(path, bytes, AtomicFile.OwnerOnly))
        {
            return (path, Outcome.Written);
        }

        return (path, File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes) ? Outcome.AlreadyKept : Outcome.Conflict);
    }
}
