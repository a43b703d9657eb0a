using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>A trust state store that only remembers, like a file that survives a restart.</summary>
internal sealed class MemoryTrustStateStore : ITrustStateStore
{
    public TrustState? Saved { get; private set; }

    public int Saves { get; private set; }

    public TrustState? Load() => Saved;

    public void Save(TrustState state)
    {
        Saved = state;
        Saves++;
    }
}
