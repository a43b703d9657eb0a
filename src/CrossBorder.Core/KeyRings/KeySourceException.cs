namespace CrossBorder.Core.KeyRings;

/// <summary>Keys that cannot be loaded; the message names the file or key, never key material.</summary>
public sealed class KeySourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeySourceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KeySourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KeySourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
