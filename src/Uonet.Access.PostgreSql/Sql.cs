using Npgsql;
using NpgsqlTypes;

namespace Uonet.Access.PostgreSql;

/// <summary>
/// The column encodings of the schema, in one place: ids as <c>uuid</c>, times as <c>timestamptz</c> (written in UTC,
/// read back in UTC, microsecond precision), enums as <c>integer</c>, booleans as <c>boolean</c>, byte arrays as
/// <c>bytea</c>, lists as arrays. Every parameter is bound with its type, so a <see langword="null"/> is a typed NULL.
/// </summary>
internal static class Sql
{
    public static NpgsqlCommand Text(this NpgsqlCommand command, string name, string? value) => command.Bind(name, NpgsqlDbType.Text, value);

    public static NpgsqlCommand TextArray(this NpgsqlCommand command, string name, string?[] value) =>
        command.Bind(name, NpgsqlDbType.Array | NpgsqlDbType.Text, value);

    public static NpgsqlCommand Id(this NpgsqlCommand command, string name, Guid? value) => command.Bind(name, NpgsqlDbType.Uuid, value);

    public static NpgsqlCommand IdArray(this NpgsqlCommand command, string name, Guid[] value) =>
        command.Bind(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid, value);

    // Npgsql writes only UTC offsets to timestamptz; the instant is what is kept, as the other stores keep it.
    public static NpgsqlCommand Time(this NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.Bind(name, NpgsqlDbType.TimestampTz, value?.ToUniversalTime());

    public static NpgsqlCommand Int(this NpgsqlCommand command, string name, int? value) => command.Bind(name, NpgsqlDbType.Integer, value);

    public static NpgsqlCommand IntArray(this NpgsqlCommand command, string name, int[] value) =>
        command.Bind(name, NpgsqlDbType.Array | NpgsqlDbType.Integer, value);

    public static NpgsqlCommand Long(this NpgsqlCommand command, string name, long? value) => command.Bind(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlCommand Bool(this NpgsqlCommand command, string name, bool value) => command.Bind(name, NpgsqlDbType.Boolean, value);

    public static NpgsqlCommand Bytes(this NpgsqlCommand command, string name, byte[]? value) => command.Bind(name, NpgsqlDbType.Bytea, value);

    private static NpgsqlCommand Bind(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }
}
