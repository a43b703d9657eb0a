using System.Formats.Asn1;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>RSAES-OAEP parameters of the profile: SHA-256, MGF1 with SHA-256, empty label.</summary>
internal static class OaepParameters
{
    public static void Write(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.RsaOaep);
            using (writer.PushSequence())
            {
                Sha256Mgf1.Write(writer);
            }
        }
    }

    /// <summary>Whether the parameters are SHA-256 / MGF1-SHA-256 with the default (empty) label source.</summary>
    public static bool AreProfile(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is null)
        {
            return false; // defaults are SHA-1
        }

        var reader = new AsnReader(parameters.Value, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        return Sha256Mgf1.TryRead(sequence) && !sequence.HasData;
    }
}
