global using Rows = Uonet.Access.Storage.Relational.Rows<Uonet.Access.Sqlite.SqliteColumns>;

using System.Data.Common;
using System.Text.Json;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

/// <summary>
/// How the SQLite schema keeps what ADO.NET reads differently from engine to engine: ids as lower-case GUID text, times
/// as 100-ns ticks since the Unix epoch (read back in UTC), flags as 0 or 1, recovery code hashes as a JSON array and a
/// passkey's transports as one space-separated text (see <see cref="Sql"/> for the writing side).
/// </summary>
internal readonly struct SqliteColumns : IColumnEncoding
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public static Guid GetId(DbDataReader reader, int ordinal) => Guid.ParseExact(reader.GetString(ordinal), "D");

    public static DateTimeOffset GetTime(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal) + EpochTicks, TimeSpan.Zero);

    public static bool GetFlag(DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    public static string[] GetRecoveryCodeHashes(DbDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetString(ordinal), SqliteJsonContext.Default.StringArray) ?? [];

    public static string[] GetTransports(DbDataReader reader, int ordinal) => reader.GetString(ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
