namespace CrossBorder.Core.Storage;

/// <summary>The local role already queued a message under this submission key.</summary>
public sealed class DuplicateSubmissionException(string messageId) : Exception($"the submission was already queued as {messageId}")
{
    /// <summary>The message queued first under the key.</summary>
    public string MessageId { get; } = messageId;
}
