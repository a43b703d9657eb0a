using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests;

/// <summary>Times, participants and messages the store tests are made of (imported into every test file).</summary>
public static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public const string Recipient = "AL/NCP";
    public const string Sender = "GR/NCP";
    public const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    public static readonly CancellationToken None = CancellationToken.None;

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static OutboundMessage Outbound(
        DateTimeOffset createdAt,
        TimeSpan? lifetime = null,
        string? id = null,
        string recipient = Recipient,
        MessageType type = MessageType.CaseReferral,
        byte[]? envelope = null)
    {
        envelope ??= RandomNumberGenerator.GetBytes(96);
        return new OutboundMessage(
            MessageId: id ?? NewId(),
            ConversationId: NewId(),
            Recipient: recipient,
            MessageType: type,
            SubmittedBy: "caseworker",
            Envelope: envelope,
            SealedSha256: SHA256.HashData(envelope),
            CreatedAt: createdAt,
            ExpiresAt: createdAt + (lifetime ?? TimeSpan.FromDays(1)),
            Attempts: 0,
            TraceParent: TraceParent);
    }

    public static InboundMessage Inbound(
        DateTimeOffset receivedAt,
        string? id = null,
        string sender = Sender,
        MessageType type = MessageType.CaseReferral,
        byte[]? envelope = null,
        byte[]? receipt = null)
    {
        envelope ??= RandomNumberGenerator.GetBytes(96);
        return new InboundMessage(
            Sender: sender,
            MessageId: id ?? NewId(),
            ConversationId: NewId(),
            MessageType: type,
            Envelope: envelope,
            SealedSha256: SHA256.HashData(envelope),
            ReceivedAt: receivedAt,
            ExpiresAt: receivedAt + TimeSpan.FromDays(1),
            SignedReceipt: receipt ?? RandomNumberGenerator.GetBytes(48),
            TraceParent: TraceParent);
    }

    public static HashSet<MessageType> Types(params MessageType[] types) => [.. types];

    /// <summary>Outbound and inbound traffic through every kind of audited step; returns the ids it wrote entries about, in order.</summary>
    public static async Task<IReadOnlyList<string>> MixedActivityAsync(IMessageStore store)
    {
        var delivered = Outbound(T0);
        var retried = Outbound(T0);
        var expiring = Outbound(T0, lifetime: TimeSpan.FromMinutes(1));
        await store.EnqueueAsync(delivered, T0, None);                                   // 2
        await store.EnqueueAsync(retried, T0, None);                                     // 2
        await store.ClaimDueAsync(T0, 10, TimeSpan.FromSeconds(30), None);                                  // 2
        await store.CompleteAttemptAsync(delivered.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddSeconds(1)), None);                          // 1
        await store.CompleteAttemptAsync(retried.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddSeconds(10), T0.AddSeconds(1)), None); // 1
        await store.EnqueueAsync(expiring, T0.AddSeconds(2), None);                     // 2
        await store.ExpireAsync(T0.AddMinutes(1), ReasonCode.Stale, None);               // 1 (expiring; retried lives a day)

        var inbound = Inbound(T0.AddSeconds(3));
        var refused = NewId();
        await store.CommitInboundAsync(inbound, None);                                   // 1
        await store.OfferAsync(Types(MessageType.CaseReferral), 10, T0.AddSeconds(4), None);                   // 1
        await store.AcknowledgeAsync(Sender, inbound.MessageId, Types(MessageType.CaseReferral), T0.AddSeconds(5), None); // 1
        await store.PurgeAsync(T0.AddSeconds(5), T0.AddSeconds(6), None);                // 1
        await store.RecordInboundRejectionAsync("MK/NCP", refused, new byte[32], ReasonCode.Untrusted, T0.AddSeconds(7), None); // 1
        return [delivered.MessageId, retried.MessageId, expiring.MessageId, inbound.MessageId, refused];
    }
}
