namespace Uonet.Access.Records;

/// <summary>A person who works in the school office or teaches, identified by e-mail within an instance.</summary>
/// <param name="InstanceSymbol">The instance.</param>
/// <param name="Email">The normalized e-mail of the staff member.</param>
/// <param name="DisplayName">The name shown in the audit trail and lists.</param>
/// <param name="Assignments">What the person may do, and where.</param>
public sealed record StaffMember(string InstanceSymbol, string Email, string DisplayName, IReadOnlyList<StaffAssignment> Assignments)
{
    /// <summary>Whether any assignment has this role.</summary>
    public bool Has(StaffRole role) => Assignments.Any(a => a.Role == role);

    /// <summary>Whether any role is left: a member whose last role was taken away gets no access through membership.</summary>
    internal bool HoldsAnyRole => Assignments.Count > 0;
}

/// <summary>One role of a staff member: where it applies.</summary>
/// <param name="Role">The role.</param>
/// <param name="UnitCode">The unit for a secretary or class teacher; <see langword="null"/> for an administrator.</param>
/// <param name="ClassName">The class of a class teacher; otherwise <see langword="null"/>.</param>
public sealed record StaffAssignment(StaffRole Role, string? UnitCode = null, string? ClassName = null);

/// <summary>The roles of school staff that matter for access.</summary>
public enum StaffRole
{
    /// <summary>The school secretary (<i>sekretarz</i>): creates and edits every record of the unit.</summary>
    Secretary = 1,

    /// <summary>The class teacher (<i>wychowawca</i>): completes and changes the records of their class.</summary>
    ClassTeacher = 2,

    /// <summary>The instance administrator: schools, staff and maintenance of the instance; edits no records.</summary>
    Administrator = 3,
}
