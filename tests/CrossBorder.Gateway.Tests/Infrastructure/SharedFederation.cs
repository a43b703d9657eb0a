namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// The tests that share the dev federation. They run one after another, which also keeps the
/// gateways they start from competing for the machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedFederation : ICollectionFixture<FederationFixture>
{
    public const string Name = "Federation";
}
