using System.Formats.Asn1;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// RSASSA-PSS parameters of the profile: SHA-256, MGF1 with SHA-256, salt 32, trailer 1.
/// Anything else (including OpenSSL's default maximum salt) is refused.
/// </summary>
internal static class PssParameters
{
    private static readonly Asn1Tag Tag2 = new(TagClass.ContextSpecific, 2, true);
    private static readonly Asn1Tag Tag3 = new(TagClass.ContextSpecific, 3, true);

    public static void Write(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.RsaPss);
            using (writer.PushSequence())
            {
                Sha256Mgf1.Write(writer);
                using (writer.PushSequence(Tag2))
                {
                    writer.WriteInteger(32);
                }
            }
        }
    }

    /// <summary>Whether the parameters are exactly the profile's (the trailer field may be absent: its default is ours).</summary>
    public static bool AreProfile(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is null)
        {
            return false; // defaults are SHA-1 / MGF1-SHA-1 / salt 20
        }

        var reader = new AsnReader(parameters.Value, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (!Sha256Mgf1.TryRead(sequence) || !sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(Tag2))
        {
            return false;
        }

        var salt = sequence.ReadSequence(Tag2);
        if (!salt.TryReadInt32(out var saltLength) || saltLength != 32)
        {
            return false;
        }

        if (sequence.HasData)
        {
            var trailer = sequence.ReadSequence(Tag3);
            if (!trailer.TryReadInt32(out var trailerField) || trailerField != 1)
            {
                return false;
            }
        }

        return !sequence.HasData;
    }
}
