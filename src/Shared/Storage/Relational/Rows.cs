using System.Data.Common;

namespace Uonet.Access.Storage.Relational;

/// <summary>
/// The one mapping from the rows of the relational stores' SELECT statements to the library's types, over
/// <see cref="DbDataReader"/> with the engine's encodings from <typeparamref name="TColumns"/>. Each reader takes the
/// columns in the order the statements of both stores list them (named next to each reader); a store that lists them
/// otherwise would read the wrong values, which the stores' round-trip tests catch.
/// </summary>
/// <typeparam name="TColumns">The engine's encodings.</typeparam>
internal static partial class Rows<TColumns>
    where TColumns : struct, IColumnEncoding
{
    private static DateTimeOffset? GetOptionalTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : TColumns.GetTime(reader, ordinal);

    private static Guid? GetOptionalId(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : TColumns.GetId(reader, ordinal);
}
