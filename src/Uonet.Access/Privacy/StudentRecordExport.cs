using Uonet.Access.Records;

namespace Uonet.Access.Privacy;

/// <summary>
/// One pupil's record with its full change history and who made each change, for the unit's secretary to hand out
/// (RODO art. 15 asked of the school). Serialise it with <see cref="PersonalDataExport.JsonOptions"/>.
/// </summary>
public sealed record StudentRecordExport
{
    /// <summary>When the export was put together.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The e-mail of the secretary who exported it.</summary>
    public required string ExportedBy { get; init; }

    /// <summary>The name of the pupil's school, or <see langword="null"/> when the unit is gone from the directory.</summary>
    public string? UnitName { get; init; }

    /// <summary>The record as it is now.</summary>
    public required StudentRecord Record { get; init; }

    /// <summary>Every audit entry of the record, newest first, each naming its author (PESEL masked as in the trail).</summary>
    public required IReadOnlyList<AuditEntry> History { get; init; }
}
