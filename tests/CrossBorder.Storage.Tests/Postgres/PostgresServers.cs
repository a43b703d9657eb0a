using CrossBorder.Testing.Postgres;

namespace CrossBorder.Storage.Tests.Postgres;

/// <summary>One throwaway PostgreSQL server for the store tests of this run; each test makes a database of its own on it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServers : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}
