namespace Uonet.Access.Records;

/// <summary>
/// A pupil's record (<i>kartoteka ucznia</i>), entered by the school secretary and completed by the class teacher.
/// Everything an account may see is derived from these records on every request (R5, R8).
/// </summary>
public sealed record StudentRecord
{
    /// <summary>The record's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The instance the record lives in.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The code of the pupil's school in the instance.</summary>
    public required string UnitCode { get; init; }

    /// <summary>The pupil's class, e.g. <c>4b</c>.</summary>
    public required string ClassName { get; init; }

    /// <summary>First name (R1).</summary>
    public required string FirstName { get; init; }

    /// <summary>Last name (R1).</summary>
    public required string LastName { get; init; }

    /// <summary>The pupil's PESEL (R1), 11 digits, or <see langword="null"/> when not entered yet.</summary>
    public string? Pesel { get; init; }

    /// <summary>The pupil's own normalized e-mail (R1, R3), or <see langword="null"/>.</summary>
    public string? Email { get; init; }

    /// <summary>The guardians listed in the record (R2).</summary>
    public IReadOnlyList<GuardianEntry> Guardians { get; init; } = [];

    /// <summary>Incremented by every change; used to refuse lost updates.</summary>
    public long Version { get; init; } = 1;

    /// <summary>When the record was entered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the record last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>"First Last", for lists and messages.</summary>
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>A parent or guardian listed in a pupil's record (R2).</summary>
public sealed record GuardianEntry
{
    /// <summary>The entry's id (stable across edits).</summary>
    public required Guid Id { get; init; }

    /// <summary>First name, or <see langword="null"/> when not entered yet.</summary>
    public string? FirstName { get; init; }

    /// <summary>Last name, or <see langword="null"/> when not entered yet.</summary>
    public string? LastName { get; init; }

    /// <summary>Normalized e-mail: the guardian's login (R3), or <see langword="null"/>.</summary>
    public string? Email { get; init; }

    /// <summary>PESEL, needed where the unit requires it (R2), or <see langword="null"/>.</summary>
    public string? Pesel { get; init; }

    /// <summary>How the guardian is related to the pupil.</summary>
    public GuardianRelation Relation { get; init; } = GuardianRelation.Other;

    /// <summary>"First Last" with what is known.</summary>
    public string FullName => string.Join(' ', new[] { FirstName, LastName }.Where(part => part is not null));
}

/// <summary>How a guardian is related to the pupil.</summary>
public enum GuardianRelation
{
    /// <summary>Another guardian (the default when none is given).</summary>
    Other = 0,

    /// <summary>Mother (<i>matka</i>).</summary>
    Mother = 1,

    /// <summary>Father (<i>ojciec</i>).</summary>
    Father = 2,

    /// <summary>Legal guardian (<i>opiekun prawny</i>).</summary>
    LegalGuardian = 3,
}

/// <summary>Size limits of record fields, the same in every store.</summary>
public static class StudentRecordLimits
{
    /// <summary>Longest first or last name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Longest class name.</summary>
    public const int MaxClassNameLength = 32;

    /// <summary>Most guardians in one record.</summary>
    public const int MaxGuardians = 6;

    /// <summary>Longest unit name or instance name.</summary>
    public const int MaxDisplayNameLength = 200;
}
