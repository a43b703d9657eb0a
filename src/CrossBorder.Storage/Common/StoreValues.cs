using System.Data.Common;
using System.Runtime.InteropServices;

namespace CrossBorder.Storage.Common;

/// <summary>How values are stored: times as unix milliseconds (UTC), bytes as BLOBs (bytea), NULL for null.</summary>
internal static class StoreValues
{
    /// <summary>Adds a parameter (named <c>@name</c> in the statement, which both databases read); null becomes NULL.</summary>
    public static TCommand With<TCommand>(this TCommand command, string name, object? value)
        where TCommand : DbCommand
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    /// <summary>A stored time, truncated to the millisecond as stored.</summary>
    public static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static DateTimeOffset Time(DateTimeOffset time) => Time(time.ToUnixTimeMilliseconds());

    public static DateTimeOffset Time(DbDataReader reader, int ordinal) => Time(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));

    public static string? NullableText(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] Blob(DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    public static byte[]? NullableBlob(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>The bytes as an array, without a copy when the memory is a whole array.</summary>
    public static byte[] Array(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
}
