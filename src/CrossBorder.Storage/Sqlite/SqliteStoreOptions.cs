namespace CrossBorder.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteMessageStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The value of <c>PRAGMA synchronous</c> on a commit.</summary>
    public const string SynchronousFull = "FULL";

    /// <summary>
    /// The value of <c>PRAGMA synchronous</c> that trades the durability of the last commits
    /// before a power loss (never the consistency of the file) for fewer flushes.
    /// </summary>
    public const string SynchronousNormal = "NORMAL";

    /// <summary>
    /// <c>PRAGMA synchronous</c>: <see cref="SynchronousFull"/> (the default: a commit is on disk
    /// when the call returns) or <see cref="SynchronousNormal"/>.
    /// </summary>
    public string Synchronous { get; set; } = SynchronousFull;

    /// <summary>How long a statement waits for a lock held by another connection before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
