namespace CrossBorder.Conformance.Vectors;

/// <summary>A clock that stands still: the vectors are sealed and signed at fixed instants.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
