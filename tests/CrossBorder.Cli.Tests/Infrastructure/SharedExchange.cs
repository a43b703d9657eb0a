namespace CrossBorder.Cli.Tests.Infrastructure;

/// <summary>
/// The command-line tests that exchange messages: they share one <see cref="ExchangeFederation"/>
/// (its gateways listen on the ports its trust list names) and run one after another, each with
/// its own data folders. xUnit finds collection definitions only in the test assembly.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedExchange : ICollectionFixture<ExchangeFederation>
{
    public const string Name = "Exchange";
}
