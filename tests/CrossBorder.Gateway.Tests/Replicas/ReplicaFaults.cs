namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// The fault tests of replicas and their PostgreSQL server: each starts its own throwaway server and
/// federation, and they run one at a time, after the other tests, so that kills and restarts are
/// timed against an otherwise quiet machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaFaults
{
    public const string Name = "Replica faults";
}
