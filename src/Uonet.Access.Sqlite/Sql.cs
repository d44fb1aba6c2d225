using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Uonet.Access.Sqlite;

/// <summary>
/// The column encodings of the schema, as written: ids as lower-case GUID text (whose ordinal order is the order of
/// <see cref="Guid.CompareTo(Guid)"/>), times as 100-ns ticks since the Unix epoch (exactly what a
/// <see cref="DateTimeOffset"/> holds), enums and booleans as integers. <see cref="SqliteColumns"/> reads them back.
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

    /// <summary>Binds a parameter of a kept command (see <see cref="PreparedConnection"/>): a new value replaces the last run's.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index < 0)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            command.Parameters[index].Value = value ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>Sets the value of a parameter bound earlier, for a command run once per item.</summary>
    public static void Set(this SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;
}
