namespace CrossBorder.Core.Storage;

/// <summary>The message id is already in the outbox.</summary>
public sealed class DuplicateMessageException(string messageId) : Exception($"message {messageId} is already queued");
