using System.Data.Common;
using Uonet.Access.Import;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// <c>id, instance_symbol, unit_code, actor_email, file_name, started_at, finished_at, status, rows_written,
    /// rows_refused</c> of <c>import_runs</c>.
    /// </summary>
    public static ImportRun ImportRun(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        InstanceSymbol = reader.GetString(1),
        UnitCode = reader.GetString(2),
        ActorEmail = reader.GetString(3),
        FileName = reader.GetOptionalString(4),
        StartedAt = TColumns.GetTime(reader, 5),
        FinishedAt = GetOptionalTime(reader, 6),
        Status = (ImportRunStatus)reader.GetInt32(7),
        RowsWritten = reader.GetInt32(8),
        RowsRefused = reader.GetInt32(9),
    };
}
