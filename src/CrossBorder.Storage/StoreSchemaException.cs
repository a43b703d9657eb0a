namespace CrossBorder.Storage;

/// <summary>
/// The database's schema and this code do not fit: the database is older and may not be upgraded
/// at start, or newer than this code can read. The message says which versions and what to do.
/// </summary>
public sealed class StoreSchemaException : InvalidOperationException
{
    /// <summary>A mismatch without details.</summary>
    public StoreSchemaException()
    {
    }

    /// <summary>A mismatch, said in <paramref name="message"/>.</summary>
    public StoreSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>A mismatch, said in <paramref name="message"/>, found through <paramref name="innerException"/>.</summary>
    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
