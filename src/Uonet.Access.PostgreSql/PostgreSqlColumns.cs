global using Rows = Uonet.Access.Storage.Relational.Rows<Uonet.Access.PostgreSql.PostgreSqlColumns>;

using System.Data.Common;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

/// <summary>
/// How the PostgreSQL schema keeps what ADO.NET reads differently from engine to engine: ids as <c>uuid</c>, times as
/// <c>timestamptz</c> (read back in UTC), flags as <c>boolean</c>, lists as <c>text[]</c> (see <see cref="Sql"/> for
/// the writing side).
/// </summary>
internal readonly struct PostgreSqlColumns : IColumnEncoding
{
    public static Guid GetId(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public static DateTimeOffset GetTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static bool GetFlag(DbDataReader reader, int ordinal) => reader.GetBoolean(ordinal);

    public static string[] GetRecoveryCodeHashes(DbDataReader reader, int ordinal) => reader.GetFieldValue<string[]>(ordinal);

    public static string[] GetTransports(DbDataReader reader, int ordinal) => reader.GetFieldValue<string[]>(ordinal);
}
