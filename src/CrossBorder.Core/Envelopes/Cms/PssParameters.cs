using System.Formats.Asn1;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// RSASSA-PSS parameters of the profile: SHA-256, MGF1 with SHA-256, salt 32, trailer 1.
/// Anything else (including OpenSSL's default maximum salt) is refused.
/// </summary>
internal static class PssParameters
{
    private static readonly Asn1Tag Tag0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Tag1 = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag Tag2 = new(TagClass.ContextSpecific, 2, true);
    private static readonly Asn1Tag Tag3 = new(TagClass.ContextSpecific, 3, true);

    public static void Write(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.RsaPss);
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

                using (writer.PushSequence(Tag2))
                {
                    writer.WriteInteger(32);
                }
            }
        }
    }

    /// <summary>Whether the parameters are exactly the profile's (DEFAULT-valued fields may be absent only where the default is ours).</summary>
    public static bool AreProfile(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is null)
        {
            return false; // defaults are SHA-1 / MGF1-SHA-1 / salt 20
        }

        var reader = new AsnReader(parameters.Value, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (!sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(Tag0))
        {
            return false;
        }

        var hash = sequence.ReadSequence(Tag0);
        var hashAlgorithm = AlgorithmIdentifier.Read(hash);
        if (hashAlgorithm.Oid != CmsOids.Sha256 || !hashAlgorithm.HasNoParameters || !sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(Tag1))
        {
            return false;
        }

        var mgf = AlgorithmIdentifier.Read(sequence.ReadSequence(Tag1));
        if (mgf.Oid != CmsOids.Mgf1 || mgf.Parameters is null)
        {
            return false;
        }

        var mgfHash = AlgorithmIdentifier.Read(new AsnReader(mgf.Parameters.Value, AsnEncodingRules.DER));
        if (mgfHash.Oid != CmsOids.Sha256 || !mgfHash.HasNoParameters || !sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(Tag2))
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
