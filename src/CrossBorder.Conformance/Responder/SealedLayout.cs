using CrossBorder.Conformance.Envelopes;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// What the clear structure of sealed bytes shows without a key: how many recipient infos there
/// are and the AES-GCM nonce. Read only from envelopes Core's opener already accepted, so the
/// structure is the profile's (RFC 5083: ContentInfo → [0] → AuthEnvelopedData).
/// </summary>
internal sealed record SealedLayout(int RecipientInfos, string Nonce)
{
    private const byte Sequence = 0x30;
    private const byte Set = 0x31;
    private const byte Oid = 0x06;

    /// <summary>The layout, or null when the bytes are not the profile's structure.</summary>
    public static SealedLayout? Read(ReadOnlySpan<byte> sealedBytes)
    {
        try
        {
            var authEnveloped = DerNode.Parse(sealedBytes).Children[1].Children[0];
            var recipients = authEnveloped.Children.First(c => c.Tag == Set);
            var encryptedContentInfo = authEnveloped.Children.First(c => c.Tag == Sequence && c.Children.Count >= 2 && c.Children[0].Tag == Oid);
            var gcmParameters = encryptedContentInfo.Children[1].Children[1];
            var nonce = gcmParameters.Children[0];
            return new SealedLayout(recipients.Children.Count, Convert.ToHexStringLower(sealedBytes.Slice(nonce.ContentOffset, nonce.ContentLength)));
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }
}
