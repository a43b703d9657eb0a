namespace CrossBorder.Cli.Tests.Infrastructure;

/// <summary>
/// The command-line tests that share the dev federation. They run one after another, which also
/// keeps the gateways they start from competing for the machine. xUnit finds collection
/// definitions only in the test assembly, so each test project that uses the fixture names it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedFederation : ICollectionFixture<FederationFixture>
{
    public const string Name = "Federation";
}
