using System.Data.Common;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary><c>id, account_id, instance_symbol, kind, occurred_at, client_address, client_description, detail</c> of <c>security_events</c>.</summary>
    public static SecurityEvent SecurityEvent(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        AccountId = TColumns.GetId(reader, 1),
        InstanceSymbol = reader.GetString(2),
        Kind = (SecurityEventKind)reader.GetInt32(3),
        OccurredAt = TColumns.GetTime(reader, 4),
        ClientAddress = reader.GetOptionalString(5),
        ClientDescription = reader.GetOptionalString(6),
        Detail = reader.GetOptionalString(7),
    };
}
