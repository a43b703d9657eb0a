using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using Google.Protobuf;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Seals a case message once, when it is queued: the inner header (which repeats the whole
/// routing header) and the payload are padded to a size bucket, signed, and encrypted to the
/// recipient's encryption certificate(s). Retries resend the same bytes.
/// </summary>
public static class EnvelopeSealer
{
    private const int PaddingTagBytes = 1; // field 15, wire type 2

    /// <summary>Seals; <paramref name="header"/>'s route is completed with the schema version and size bucket.</summary>
    public static SealedEnvelope Seal(
        InnerHeader header,
        CasePayload payload,
        SigningIdentity signer,
        IReadOnlyList<X509Certificate2> recipients,
        DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(signer);
        var content = new SealedContent { Header = header.Clone(), Payload = payload };
        content.Header.Route.SchemaVersion = SchemaInfo.SchemaVersion;
        var bytes = Pad(content);

        // The last gate before signing: nothing the contract does not define is ever sealed.
        if (UnknownFields.Find(SealedContent.Descriptor, bytes) is { } unknown)
        {
            throw Reject.Because(ReasonCode.UnknownField, $"the content to seal has a field or value the contract does not define: {unknown}");
        }

        var sealedBytes = CmsEnvelope.Seal(bytes, signer.Certificate, signer.Key, signer.Chain, recipients, signingTime);
        return new SealedEnvelope { Route = content.Header.Route.Clone(), Sealed = ByteString.CopyFrom(sealedBytes) };
    }

    /// <summary>Encodes the content padded to exactly its size bucket, which the route also records.</summary>
    internal static byte[] Pad(SealedContent content)
    {
        content.Padding = ByteString.Empty;
        var bucket = SizeBuckets.For(content.CalculateSize() + PaddingTagBytes + 1);
        while (true)
        {
            content.Header.Route.SizeBucket = (uint)bucket;
            var unpadded = content.CalculateSize();
            var padding = PaddingLength(bucket - unpadded);
            if (padding is { } length)
            {
                content.Padding = ByteString.CopyFrom(new byte[length]);
                var encoded = content.ToByteArray();
                return encoded.Length == bucket ? encoded : throw new InvalidOperationException("padding arithmetic is off");
            }

            bucket = SizeBuckets.Next(bucket);
        }
    }

    /// <summary>The padding length p whose field (tag, varint length, p bytes) takes exactly <paramref name="room"/> bytes.</summary>
    private static int? PaddingLength(int room)
    {
        for (var varintBytes = 1; varintBytes <= 5; varintBytes++)
        {
            var length = room - PaddingTagBytes - varintBytes;
            // proto3 does not write an empty bytes field, so the padding is at least one byte.
            if (length >= 1 && CodedOutputStream.ComputeLengthSize(length) == varintBytes)
            {
                return length;
            }
        }

        return null;
    }
}
