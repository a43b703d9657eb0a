using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>The settings that make an in-process test gateway one replica on a PostgreSQL database.</summary>
internal static class ReplicaOptions
{
    /// <summary>Store on <paramref name="connectionString"/> as replica <paramref name="replica"/>, with short delivery attempts (leases of 4 s).</summary>
    public static Action<GatewayOptions> OnPostgres(string connectionString, string replica) => o =>
    {
        o.Store = StoreKinds.Postgres;
        o.Postgres.ConnectionString = connectionString;
        o.Postgres.Replica = replica;
        o.DeliveryTimeoutSeconds = 2;
    };
}
