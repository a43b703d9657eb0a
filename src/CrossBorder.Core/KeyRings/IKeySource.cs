namespace CrossBorder.Core.KeyRings;

/// <summary>
/// Where the gateway's own keys come from: key and certificate files today, a hardware security
/// module next. The provider asks for <see cref="Version"/> on every reload tick and loads only when
/// it changed, so a source must make the version cheap to read.
/// </summary>
public interface IKeySource
{
    /// <summary>A value that changes whenever the keys change (file times and lengths, a key list version).</summary>
    string Version();

    /// <summary>Loads both rings; throws <see cref="KeySourceException"/> with a text that names no key material when the keys cannot be used.</summary>
    KeyRingSet Load();
}
