namespace Uonet.Access.Import;

/// <summary>
/// One CSV import as the school office sees it afterwards: who imported what into which unit, when, how far it got
/// and how it ended. Rows are written one by one as the import goes (each with its audit entry), not in one
/// transaction, so an import that is cut off keeps the rows written before; its run says how many.
/// </summary>
public sealed record ImportRun
{
    /// <summary>The run's id (also in <see cref="ImportReport.RunId"/>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The instance symbol.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The unit the pupils were imported into.</summary>
    public required string UnitCode { get; init; }

    /// <summary>The normalized e-mail of the staff member who imported.</summary>
    public required string ActorEmail { get; init; }

    /// <summary>The file's name as the host gave it, if it gave one.</summary>
    public string? FileName { get; init; }

    /// <summary>When the import started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended; <see langword="null"/> while <see cref="ImportRunStatus.Running"/>.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How the import stands or ended.</summary>
    public required ImportRunStatus Status { get; init; }

    /// <summary>Rows written as records so far.</summary>
    public int RowsWritten { get; init; }

    /// <summary>Rows refused so far (nothing of them was written).</summary>
    public int RowsRefused { get; init; }
}

/// <summary>How an import stands or ended.</summary>
public enum ImportRunStatus
{
    /// <summary>Going on, or cut off without a chance to say so (the process stopped): see its counts.</summary>
    Running = 0,

    /// <summary>Every row was read and written or refused; the counts are those of the report.</summary>
    Completed = 1,

    /// <summary>Stopped when the caller cancelled (e.g. the browser went away); the rows counted as written stay.</summary>
    Cancelled = 2,

    /// <summary>
    /// Refused as a whole before any row was written (header, unclosed quote, too many rows), or stopped by an error;
    /// the rows counted as written stay.
    /// </summary>
    Failed = 3,
}
