using Uonet.Access.Records;

namespace Uonet.Access.EntityFrameworkCore.Rows;

internal sealed class StudentRow
{
    public Guid Id { get; set; }

    public required string InstanceSymbol { get; set; }

    public required string UnitCode { get; set; }

    public required string ClassName { get; set; }

    public required string FirstName { get; set; }

    public required string LastName { get; set; }

    public string? Pesel { get; set; }

    public string? Email { get; set; }

    public long Version { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public List<GuardianRow> Guardians { get; set; } = [];

    public static StudentRow From(StudentRecord record) => new()
    {
        Id = record.Id,
        InstanceSymbol = record.InstanceSymbol,
        UnitCode = record.UnitCode,
        ClassName = record.ClassName,
        FirstName = record.FirstName,
        LastName = record.LastName,
        Pesel = record.Pesel,
        Email = record.Email,
        Version = record.Version,
        CreatedAt = StoredTime.From(record.CreatedAt),
        UpdatedAt = StoredTime.From(record.UpdatedAt),
    };

    public StudentRecord ToRecord() => new()
    {
        Id = Id,
        InstanceSymbol = InstanceSymbol,
        UnitCode = UnitCode,
        ClassName = ClassName,
        FirstName = FirstName,
        LastName = LastName,
        Pesel = Pesel,
        Email = Email,
        Version = Version,
        CreatedAt = StoredTime.To(CreatedAt),
        UpdatedAt = StoredTime.To(UpdatedAt),
        Guardians = [.. Guardians.OrderBy(g => g.Ordinal).Select(g => g.ToGuardian())],
    };
}

/// <summary>A guardian of one record; it carries the record's instance so the e-mail index is per instance without a join.</summary>
internal sealed class GuardianRow
{
    public Guid StudentId { get; set; }

    public int Ordinal { get; set; }

    public Guid Id { get; set; }

    public required string InstanceSymbol { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Pesel { get; set; }

    public int Relation { get; set; }

    public static List<GuardianRow> From(StudentRecord record) =>
        [.. record.Guardians.Select((g, i) => new GuardianRow
        {
            StudentId = record.Id,
            Ordinal = i,
            Id = g.Id,
            InstanceSymbol = record.InstanceSymbol,
            FirstName = g.FirstName,
            LastName = g.LastName,
            Email = g.Email,
            Pesel = g.Pesel,
            Relation = (int)g.Relation,
        })];

    public GuardianEntry ToGuardian() => new()
    {
        Id = Id,
        FirstName = FirstName,
        LastName = LastName,
        Email = Email,
        Pesel = Pesel,
        Relation = (GuardianRelation)Relation,
    };
}

/// <summary>An audit entry; <see cref="Seq"/> orders entries written at the same moment (the later written first).</summary>
internal sealed class AuditEntryRow
{
    public long Seq { get; set; }

    public Guid Id { get; set; }

    public required string InstanceSymbol { get; set; }

    public Guid StudentId { get; set; }

    public long OccurredAt { get; set; }

    public required string Actor { get; set; }

    public int Action { get; set; }

    public List<AuditChangeRow> Changes { get; set; } = [];

    public static AuditEntryRow From(AuditEntry audit) => new()
    {
        Id = audit.Id,
        InstanceSymbol = audit.InstanceSymbol,
        StudentId = audit.StudentId,
        OccurredAt = StoredTime.From(audit.OccurredAt),
        Actor = audit.Actor,
        Action = (int)audit.Action,
        Changes = [.. audit.Changes.Select((c, i) => new AuditChangeRow { Ordinal = i, Field = c.Field, BeforeValue = c.Before, AfterValue = c.After })],
    };

    public AuditEntry ToEntry() => new()
    {
        Id = Id,
        InstanceSymbol = InstanceSymbol,
        StudentId = StudentId,
        OccurredAt = StoredTime.To(OccurredAt),
        Actor = Actor,
        Action = (AuditAction)Action,
        Changes = [.. Changes.OrderBy(c => c.Ordinal).Select(c => new AuditChange(c.Field, c.BeforeValue, c.AfterValue))],
    };
}

internal sealed class AuditChangeRow
{
    public long AuditSeq { get; set; }

    public int Ordinal { get; set; }

    public required string Field { get; set; }

    public string? BeforeValue { get; set; }

    public string? AfterValue { get; set; }
}

internal sealed class ImportRunRow
{
    public long Seq { get; set; }

    public Guid Id { get; set; }

    public required string InstanceSymbol { get; set; }

    public required string UnitCode { get; set; }

    public required string ActorEmail { get; set; }

    public string? FileName { get; set; }

    public long StartedAt { get; set; }

    public long? FinishedAt { get; set; }

    public int Status { get; set; }

    public int RowsWritten { get; set; }

    public int RowsRefused { get; set; }

    public static ImportRunRow From(Import.ImportRun run) => new()
    {
        Id = run.Id,
        InstanceSymbol = run.InstanceSymbol,
        UnitCode = run.UnitCode,
        ActorEmail = run.ActorEmail,
        FileName = run.FileName,
        StartedAt = StoredTime.From(run.StartedAt),
        FinishedAt = StoredTime.From(run.FinishedAt),
        Status = (int)run.Status,
        RowsWritten = run.RowsWritten,
        RowsRefused = run.RowsRefused,
    };

    public Import.ImportRun ToRun() => new()
    {
        Id = Id,
        InstanceSymbol = InstanceSymbol,
        UnitCode = UnitCode,
        ActorEmail = ActorEmail,
        FileName = FileName,
        StartedAt = StoredTime.To(StartedAt),
        FinishedAt = StoredTime.To(FinishedAt),
        Status = (Import.ImportRunStatus)Status,
        RowsWritten = RowsWritten,
        RowsRefused = RowsRefused,
    };
}
