using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Uonet.Access.Sqlite;

/// <summary>
/// The column encodings of the schema, in one place: ids as lower-case GUID text (whose ordinal order is the order of
/// <see cref="Guid.CompareTo(Guid)"/>), times as 100-ns ticks since the Unix epoch (exactly what a
/// <see cref="DateTimeOffset"/> holds, read back in UTC), enums and booleans as integers.
/// </summary>
internal static class Sql
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    public static long Time(DateTimeOffset time) => time.UtcTicks - EpochTicks;

    public static long? Time(DateTimeOffset? time) => time is { } value ? Time(value) : null;

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Binds a parameter; <see langword="null"/> becomes SQL NULL.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Sets the value of a parameter bound earlier, for a command run once per item.</summary>
    public static void Set(this SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    public static Guid GetId(this SqliteDataReader reader, int ordinal) => Guid.ParseExact(reader.GetString(ordinal), "D");

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal) + EpochTicks, TimeSpan.Zero);

    public static DateTimeOffset? GetOptionalTime(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);

    public static string? GetOptionalString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetOptionalInt64(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static byte[]? GetOptionalBytes(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
