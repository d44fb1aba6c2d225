using System.Data.Common;
using Uonet.Access.Maintenance;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// <c>id, instance_symbol, starts_at, expected_end_at, ended_at, message_polish, message_english, created_by</c> of
    /// <c>maintenance_windows</c>.
    /// </summary>
    public static MaintenanceWindow MaintenanceWindow(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        InstanceSymbol = reader.GetOptionalString(1),
        StartsAt = TColumns.GetTime(reader, 2),
        ExpectedEndAt = GetOptionalTime(reader, 3),
        EndedAt = GetOptionalTime(reader, 4),
        MessagePolish = reader.GetString(5),
        MessageEnglish = reader.GetString(6),
        CreatedBy = reader.GetString(7),
    };
}
