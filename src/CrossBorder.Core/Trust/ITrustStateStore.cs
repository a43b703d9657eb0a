namespace CrossBorder.Core.Trust;

/// <summary>Durable storage of <see cref="TrustState"/>: a save must survive a crash once it returns.</summary>
public interface ITrustStateStore
{
    /// <summary>The saved state, or null when none was ever saved.</summary>
    TrustState? Load();

    /// <summary>Saves durably.</summary>
    void Save(TrustState state);
}
