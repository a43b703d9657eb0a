namespace CrossBorder.Ops.Tests.Infrastructure;

/// <summary>The browser tests of a single gateway's console: one dev federation for all of them, read only.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleFederation : ICollectionFixture<FederationFixture>
{
    public const string Name = "Console federation";
}
