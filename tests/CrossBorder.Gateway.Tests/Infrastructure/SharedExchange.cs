namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// The exchange tests: they share one <see cref="ExchangeFederation"/> (its gateways listen on
/// the ports its trust list names) and run one after another, each with its own data folders.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedExchange : ICollectionFixture<ExchangeFederation>
{
    public const string Name = "Exchange";
}
