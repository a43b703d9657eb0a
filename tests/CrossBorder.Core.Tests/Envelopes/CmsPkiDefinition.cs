namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>The CMS tests share one test PKI: key generation (RSA-3072 above all) is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class CmsPkiDefinition : ICollectionFixture<CmsPki>
{
    public const string Name = "CMS test PKI";
}
