using System.Formats.Asn1;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>RSAES-OAEP parameters of the profile: SHA-256, MGF1 with SHA-256, empty label.</summary>
internal static class OaepParameters
{
    private static readonly Asn1Tag Tag0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Tag1 = new(TagClass.ContextSpecific, 1, true);

    public static void Write(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.RsaOaep);
            using (writer.PushSequence())
            {
                using (writer.PushSequence(Tag0))
                {
                    AlgorithmIdentifier.Write(writer, CmsOids.Sha256);
                }

                using (writer.PushSequence(Tag1))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.Mgf1);
                    AlgorithmIdentifier.Write(writer, CmsOids.Sha256);
                }
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
        if (!sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(Tag0))
        {
            return false;
        }

        var hash = AlgorithmIdentifier.Read(sequence.ReadSequence(Tag0));
        if (hash.Oid != CmsOids.Sha256 || !hash.HasNoParameters || !sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(Tag1))
        {
            return false;
        }

        var mgf = AlgorithmIdentifier.Read(sequence.ReadSequence(Tag1));
        if (mgf.Oid != CmsOids.Mgf1 || mgf.Parameters is null)
        {
            return false;
        }

        var mgfHash = AlgorithmIdentifier.Read(new AsnReader(mgf.Parameters.Value, AsnEncodingRules.DER));
        return mgfHash.Oid == CmsOids.Sha256 && mgfHash.HasNoParameters && !sequence.HasData;
    }
}
