namespace Uonet.Access.Records;

/// <summary>One change to the records: who, when, what, with values before and after (never secrets; PESEL masked).</summary>
public sealed record AuditEntry
{
    /// <summary>The entry's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The instance of the change.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The normalized e-mail of the staff member who made the change.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done.</summary>
    public required AuditAction Action { get; init; }

    /// <summary>The record changed.</summary>
    public required Guid StudentId { get; init; }

    /// <summary>Field by field, what changed.</summary>
    public IReadOnlyList<AuditChange> Changes { get; init; } = [];
}

/// <summary>One field of an <see cref="AuditEntry"/>.</summary>
/// <param name="Field">The field, e.g. <c>guardian[1].email</c>.</param>
/// <param name="Before">The value before, or <see langword="null"/>.</param>
/// <param name="After">The value after, or <see langword="null"/>.</param>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>The kinds of audited record changes.</summary>
public enum AuditAction
{
    /// <summary>A record was entered.</summary>
    StudentAdded = 1,

    /// <summary>A record's own fields changed.</summary>
    StudentChanged = 2,

    /// <summary>A guardian was added to a record.</summary>
    GuardianAdded = 3,

    /// <summary>A guardian entry changed.</summary>
    GuardianChanged = 4,

    /// <summary>A guardian entry was removed.</summary>
    GuardianRemoved = 5,

    /// <summary>A record was entered by a CSV import.</summary>
    StudentImported = 6,
}
