using System.Formats.Asn1;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// The first two fields that RSASSA-PSS and RSAES-OAEP parameters share: <c>[0] hashAlgorithm</c>
/// and <c>[1] maskGenAlgorithm</c> (explicitly tagged), both SHA-256 in the profile.
/// </summary>
internal static class Sha256Mgf1
{
    private static readonly Asn1Tag Tag0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Tag1 = new(TagClass.ContextSpecific, 1, true);

    public static void Write(AsnWriter writer)
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

    /// <summary>Reads both fields; false unless both are present and SHA-256 (their DEFAULT is SHA-1).</summary>
    public static bool TryRead(AsnReader parameters)
    {
        if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(Tag0))
        {
            return false;
        }

        var hash = AlgorithmIdentifier.Read(parameters.ReadSequence(Tag0));
        if (hash.Oid != CmsOids.Sha256 || !hash.HasNoParameters || !parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(Tag1))
        {
            return false;
        }

        var mgf = AlgorithmIdentifier.Read(parameters.ReadSequence(Tag1));
        if (mgf.Oid != CmsOids.Mgf1 || mgf.Parameters is null)
        {
            return false;
        }

        var mgfHash = AlgorithmIdentifier.Read(new AsnReader(mgf.Parameters.Value, AsnEncodingRules.DER));
        return mgfHash.Oid == CmsOids.Sha256 && mgfHash.HasNoParameters;
    }
}
