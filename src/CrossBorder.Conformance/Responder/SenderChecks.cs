using System.Globalization;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// The sender's own obligations that a receiver does not refuse (or refuses under another
/// statement's code), judged on what arrived: the routing header's ids and truth, the lifetime,
/// and, for an authenticated envelope, its sealing — fresh nonce, every recipient, the smallest
/// bucket, the inner header, singular fields once, the signing time. Opening for these checks is
/// Core's (<see cref="CmsEnvelope.OpenReceived"/>), after Core's pipeline authenticated the bytes.
/// </summary>
internal sealed class SenderChecks(ParticipantId self, TrustListManager trust, IKeyRings keys, PeerCertificateValidator validator, DeliveryMemory memory, TimeSpan skew, int maxEnvelopeBytes)
{
    /// <summary>The longest lifetime a sender may give ([WS-8-6]), whatever a receiver accepts.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(336);

    /// <summary>Checks of the clear routing header and the envelope's encoding, for every delivery that has a route.</summary>
    public IEnumerable<VerdictCheck> Route(ParticipantId peer, RouteHeader route, ReadOnlySpan<byte> encodedEnvelope, DateTimeOffset now)
    {
        var checks = new List<VerdictCheck>
        {
            SenderRequirement.MessageId.Judge(MessageIds.IsId(route.MessageId), "message id is 32 lower-case hex digits", "message id is not 32 lower-case hex digits"),
            SenderRequirement.ConversationId.Judge(MessageIds.IsId(route.ConversationId), "conversation id is 32 lower-case hex digits", "conversation id is not 128 bits as 32 lower-case hex digits"),
            Truthful(peer, route),
        };
        if (route.CreatedAt is not null && route.ExpiresAt is not null)
        {
            var lifetime = route.ExpiresAt.ToDateTimeOffset() - route.CreatedAt.ToDateTimeOffset();
            var hours = lifetime.TotalHours.ToString("0.##", CultureInfo.InvariantCulture);
            checks.Add(SenderRequirement.Lifetime.Judge(lifetime <= MaxLifetime, $"lifetime of {hours} h is at most 336 h", $"lifetime of {hours} h is longer than 336 h"));
            if (now > route.ExpiresAt.ToDateTimeOffset() + skew)
            {
                checks.Add(SenderRequirement.Lifetime.Fail("delivered after its expires_at"));
            }
        }

        checks.Add(SingularOnce(SealedEnvelope.Descriptor, encodedEnvelope, "envelope"));
        return checks;
    }

    /// <summary>Checks of an envelope the pipeline authenticated: opened again here, with each key, for what the sender sealed.</summary>
    public IEnumerable<VerdictCheck> Sealing(RouteHeader route, ReadOnlyMemory<byte> sealedBytes, string sealedSha256, DateTimeOffset now)
    {
        var checks = new List<VerdictCheck>();
        var layout = SealedLayout.Read(sealedBytes.Span);
        if (layout is not null)
        {
            checks.Add(SenderRequirement.FreshKeyAndNonce.Judge(memory.NonceIsFresh(layout.Nonce, sealedSha256),
                "the GCM nonce was not used by another envelope", "the GCM nonce repeats that of another envelope"));
        }

        var (opened, recipients) = OpenWithEachKey(sealedBytes, layout);
        checks.Add(recipients);
        if (opened is null)
        {
            return checks;
        }

        var content = SealedContent.Parser.ParseFrom(opened.Content.Span);
        checks.Add(SingularOnce(SealedContent.Descriptor, opened.Content.Span, "signed content"));
        var smallest = SmallestBucket(content, route.SizeBucket);
        checks.Add(SenderRequirement.SmallestBucket.Judge(route.SizeBucket == smallest,
            $"padded to {route.SizeBucket} bytes, the smallest bucket",
            $"padded to {route.SizeBucket} bytes where the smallest bucket is {smallest}"));
        checks.Add(InnerHeaderFormat.Check(content.Header) is { } problem
            ? SenderRequirement.InnerHeader.Fail($"inner header out of form: {problem.Detail}")
            : SenderRequirement.InnerHeader.Pass("inner header: purpose, legal basis, policy stamp and in_reply_to in form"));
        checks.Add(SealingInstant(route.CreatedAt.ToDateTimeOffset(), opened.SigningTime, now));
        return checks;
    }

    /// <summary>
    /// Both created_at ([WS-4-1]) and the signing time ([WS-8-2]) are the instant of sealing, so they
    /// agree within the skew. When they do not, the one that also disagrees with the time of receipt
    /// is blamed: a resend after an outage is sealed long before it arrives, but both times stay equal.
    /// </summary>
    private VerdictCheck SealingInstant(DateTimeOffset created, DateTimeOffset signed, DateTimeOffset now)
    {
        var apart = Seconds(signed - created);
        if ((signed - created).Duration() <= skew)
        {
            return SenderRequirement.SigningTime.Pass("signing time is the sealing instant (created_at within the skew)");
        }

        return (signed - now).Duration() <= skew
            ? SenderRequirement.TruthfulRoute.Fail($"created_at is {apart} s away from the signing time, not the time of sealing")
            : SenderRequirement.SigningTime.Fail($"signing time is {apart} s away from created_at, not the sealing instant");
    }

    private static string Seconds(TimeSpan span) => Math.Round(span.Duration().TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The smallest bucket the sender's content can fill: its bytes other than the padding field (as
    /// sent, so a field the parser merged still counts) padded as Core pads, the route's bucket
    /// field growing or shrinking with the bucket.
    /// </summary>
    private static int SmallestBucket(SealedContent content, uint sizeBucket)
    {
        var unpadded = new SealedContent { Header = content.Header.Clone(), Payload = content.Payload.Clone() };
        var padding = content.Padding.Length > 0 ? 1 + Google.Protobuf.CodedOutputStream.ComputeLengthSize(content.Padding.Length) + content.Padding.Length : 0;
        var unparsed = Math.Max(0, (int)sizeBucket - padding - unpadded.CalculateSize());
        return ContentPadding.Pad(unpadded, new byte[unparsed]).Length;
    }

    private VerdictCheck Truthful(ParticipantId peer, RouteHeader route)
    {
        string? problem = route.Sender != peer.ToString() ? "the routing sender is not the participant of the TLS certificate"
            : route.Recipient != self.ToString() ? "the routing recipient is not the participant delivered to"
            : route.MessageType == MessageType.Unspecified || !Enum.IsDefined(route.MessageType) ? "the message type is 0 or undefined"
            : route.SchemaVersion != SchemaInfo.SchemaVersion ? "the schema version is not 1"
            : route.CreatedAt is null || route.ExpiresAt is null ? "created_at or expires_at is missing"
            : route.ExpiresAt.ToDateTimeOffset() <= route.CreatedAt.ToDateTimeOffset() ? "expires_at is not later than created_at"
            : trust.Current is { } list && ExchangeRules.Check(list, peer, self, route.MessageType).ToRefusal() is not null
                ? "the trust list does not let the sender send this type to this recipient"
                : null;
        return problem is null
            ? SenderRequirement.TruthfulRoute.Pass("routing header names the sender, the recipient, a defined type, schema 1 and an allowed exchange")
            : SenderRequirement.TruthfulRoute.Fail(problem);
    }

    /// <summary>
    /// Opens with each of our keys whose certificate the trust list publishes as valid, so that a
    /// recipient info missing for any of them is seen ([WS-5-8]); the content of the first that opens.
    /// </summary>
    private (OpenedCms? Opened, VerdictCheck Recipients) OpenWithEachKey(ReadOnlyMemory<byte> sealedBytes, SealedLayout? layout)
    {
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> valid;
        try
        {
            valid = new RecipientCertificates(validator).For(trust.RequireUsable(), self);
        }
        catch (RejectedException)
        {
            valid = [];
        }

        OpenedCms? opened = null;
        var missing = 0;
        foreach (var key in keys.DecryptionKeys.Where(k => valid.Any(v => v.RawDataMemory.Span.SequenceEqual(k.Certificate.RawDataMemory.Span))))
        {
            try
            {
                opened ??= CmsEnvelope.OpenReceived(sealedBytes, [key], maxEnvelopeBytes);
            }
            catch (RejectedException ex) when (ex.Reason == ReasonCode.NotARecipient)
            {
                missing++;
            }
        }

        var tooFew = layout is not null && layout.RecipientInfos < valid.Count;
        var check = missing > 0 || tooFew
            ? SenderRequirement.EveryRecipient.Fail($"encrypted to {layout?.RecipientInfos.ToString(CultureInfo.InvariantCulture) ?? "?"} recipient infos, not to every one of the {valid.Count} valid encryption certificates")
            : SenderRequirement.EveryRecipient.Pass($"encrypted to every one of the {valid.Count} valid encryption certificates");
        return (opened ?? TryOpen(sealedBytes), check);
    }

    private OpenedCms? TryOpen(ReadOnlyMemory<byte> sealedBytes)
    {
        try
        {
            return CmsEnvelope.OpenReceived(sealedBytes, keys.DecryptionKeys, maxEnvelopeBytes);
        }
        catch (RejectedException)
        {
            return null;
        }
    }

    private static VerdictCheck SingularOnce(Google.Protobuf.Reflection.MessageDescriptor descriptor, ReadOnlySpan<byte> encoded, string what) =>
        UnknownFields.FindRepeatedSingular(descriptor, encoded) is { } path && path.EndsWith("(written again)", StringComparison.Ordinal)
            ? SenderRequirement.SingularOnce.Fail($"{what}: {path}")
            : SenderRequirement.SingularOnce.Pass($"{what}: no singular field written twice");
}
