namespace CrossBorder.Ops.Tests.Infrastructure;

/// <summary>
/// The tests that run real exchanges before looking at the consoles: they share one
/// <see cref="ExchangeFederation"/> (its gateways listen on the ports its trust list names) and
/// run one after another, each with its own data folders.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleExchange : ICollectionFixture<ExchangeFederation>
{
    public const string Name = "Console exchange";
}
