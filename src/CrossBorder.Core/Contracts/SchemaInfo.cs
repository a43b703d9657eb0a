namespace CrossBorder.Core.Contracts;

/// <summary>Facts about the wire contract version this build speaks.</summary>
public static class SchemaInfo
{
    /// <summary>The <c>schema_version</c> written into every envelope of crossborder.v1.</summary>
    public const uint SchemaVersion = 1;

    /// <summary>Default maximum size of one sealed envelope, and the gRPC message limit on both faces.</summary>
    public const int DefaultMaxEnvelopeBytes = 16 * 1024 * 1024;
}
