namespace Uonet.Access.Records;

/// <summary>Who makes a change to the records: a staff member of an instance, by e-mail.</summary>
/// <param name="InstanceSymbol">The instance the staff member works in.</param>
/// <param name="Email">The staff member's e-mail (normalized by the library).</param>
public readonly record struct StaffActor(string InstanceSymbol, string Email)
{
    /// <summary>
    /// The staff member's User-Agent header, or <see langword="null"/>: when their change ends a person's access (an
    /// e-mail change, unregistered devices), that person's security trail keeps a short description of it.
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>The staff member's IP address, or <see langword="null"/>: the trail keeps only its /24 or /48 network.</summary>
    public string? ClientAddress { get; init; }
}

/// <summary>A new pupil's record as entered by the secretary. Text is trimmed and normalized by the library.</summary>
public sealed record NewStudent
{
    /// <summary>The unit (school) code.</summary>
    public required string UnitCode { get; init; }

    /// <summary>The class, e.g. <c>4b</c> (stored upper-case: <c>4B</c>).</summary>
    public required string ClassName { get; init; }

    /// <summary>First name.</summary>
    public required string FirstName { get; init; }

    /// <summary>Last name.</summary>
    public required string LastName { get; init; }

    /// <summary>PESEL, or <see langword="null"/> when not known yet (the pupil then cannot sign in, R1).</summary>
    public string? Pesel { get; init; }

    /// <summary>The pupil's own e-mail, or <see langword="null"/>.</summary>
    public string? Email { get; init; }

    /// <summary>Guardians to list in the record.</summary>
    public IReadOnlyList<GuardianDetails> Guardians { get; init; } = [];
}

/// <summary>
/// Changes to a record's own fields. <see langword="null"/> keeps a field; an empty string clears an
/// optional one (<see cref="Pesel"/>, <see cref="Email"/>).
/// </summary>
public sealed record StudentChanges
{
    /// <summary>New first name, or <see langword="null"/> to keep it.</summary>
    public string? FirstName { get; init; }

    /// <summary>New last name, or <see langword="null"/> to keep it.</summary>
    public string? LastName { get; init; }

    /// <summary>New PESEL, empty to clear, <see langword="null"/> to keep.</summary>
    public string? Pesel { get; init; }

    /// <summary>New e-mail, empty to clear, <see langword="null"/> to keep.</summary>
    public string? Email { get; init; }

    /// <summary>New class (secretary only), or <see langword="null"/> to keep it.</summary>
    public string? ClassName { get; init; }
}

/// <summary>A guardian's data as entered; at least a last name or an e-mail is needed.</summary>
public sealed record GuardianDetails
{
    /// <summary>First name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    public string? LastName { get; init; }

    /// <summary>E-mail: the guardian's login; must differ from the pupil's own (R2).</summary>
    public string? Email { get; init; }

    /// <summary>PESEL, needed where the unit requires it.</summary>
    public string? Pesel { get; init; }

    /// <summary>Relation to the pupil.</summary>
    public GuardianRelation Relation { get; init; } = GuardianRelation.Other;
}
