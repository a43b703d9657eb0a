namespace CrossBorder.Core.Storage;

/// <summary>An inbox message's key: ids are unique per sender.</summary>
public readonly record struct InboxKey(string Sender, string MessageId);
