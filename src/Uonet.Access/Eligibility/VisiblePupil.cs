namespace Uonet.Access.Eligibility;

/// <summary>A pupil an account may see (in the <b>Uczeń</b> selector), derived from the records at the moment of the call.</summary>
public sealed record VisiblePupil
{
    /// <summary>The pupil's record.</summary>
    public required Guid StudentId { get; init; }

    /// <summary>The instance of the record.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The unit (school) code.</summary>
    public required string UnitCode { get; init; }

    /// <summary>The unit's name.</summary>
    public required string UnitName { get; init; }

    /// <summary>The class.</summary>
    public required string ClassName { get; init; }

    /// <summary>First name.</summary>
    public required string FirstName { get; init; }

    /// <summary>Last name.</summary>
    public required string LastName { get; init; }

    /// <summary>How the account relates to the pupil: <see cref="PupilRelation.Self"/> for the pupil's own account.</summary>
    public required PupilRelation Relation { get; init; }
}

/// <summary>How an account relates to a visible pupil.</summary>
public enum PupilRelation
{
    /// <summary>The pupil's own account (R1).</summary>
    Self = 0,

    /// <summary>A guardian listed as mother.</summary>
    Mother = 1,

    /// <summary>A guardian listed as father.</summary>
    Father = 2,

    /// <summary>A guardian listed as legal guardian.</summary>
    LegalGuardian = 3,

    /// <summary>Another guardian.</summary>
    OtherGuardian = 4,
}
