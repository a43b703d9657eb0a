using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

/// <summary>How values are stored: times as unix milliseconds (UTC), bytes as BLOBs, NULL for null.</summary>
internal static class SqliteValues
{
    /// <summary>Adds a parameter; null becomes NULL.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    /// <summary>A stored time, truncated to the millisecond as stored.</summary>
    public static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static DateTimeOffset Time(DateTimeOffset time) => Time(time.ToUnixTimeMilliseconds());

    public static DateTimeOffset Time(SqliteDataReader reader, int ordinal) => Time(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));

    public static string? NullableText(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] Blob(SqliteDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    public static byte[]? NullableBlob(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>The bytes as an array, without a copy when the memory is a whole array.</summary>
    public static byte[] Array(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
}
