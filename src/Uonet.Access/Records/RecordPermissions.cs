namespace Uonet.Access.Records;

/// <summary>
/// Who may change which record (R1, R2): the secretary every record of their unit, the class teacher the records
/// of their own class (including guardians), nobody another unit's records, the administrator none.
/// </summary>
internal static class RecordPermissions
{
    public static AccessError? CanCreate(StaffMember staff, string unitCode)
    {
        if (IsSecretaryOf(staff, unitCode))
        {
            return null;
        }

        return WorksIn(staff, unitCode)
            ? new AccessError(AccessErrorCodes.StaffNotAllowed)
            : new AccessError(AccessErrorCodes.StaffOtherUnit);
    }

    public static AccessError? CanEdit(StaffMember staff, StudentRecord record)
    {
        if (IsSecretaryOf(staff, record.UnitCode) || IsClassTeacherOf(staff, record.UnitCode, record.ClassName))
        {
            return null;
        }

        if (staff.Assignments.Any(a => a.Role == StaffRole.ClassTeacher && a.UnitCode == record.UnitCode))
        {
            return new AccessError(AccessErrorCodes.StaffOtherClass);
        }

        return WorksIn(staff, record.UnitCode)
            ? new AccessError(AccessErrorCodes.StaffNotAllowed)
            : new AccessError(AccessErrorCodes.StaffOtherUnit);
    }

    public static AccessError? CanChangeClass(StaffMember staff, StudentRecord record) =>
        IsSecretaryOf(staff, record.UnitCode) ? null : new AccessError(AccessErrorCodes.StaffClassChangeNotAllowed, "className");

    /// <summary>Reading: whoever may edit, plus the instance administrator.</summary>
    public static AccessError? CanRead(StaffMember staff, StudentRecord record) =>
        staff.Has(StaffRole.Administrator) ? null : CanEdit(staff, record);

    /// <summary>Which records of a unit the staff member may list: all, one or more classes, or none.</summary>
    public static AccessError? CanList(StaffMember staff, string unitCode, string? className, out IReadOnlySet<string>? classes)
    {
        classes = null;
        if (staff.Has(StaffRole.Administrator) || IsSecretaryOf(staff, unitCode))
        {
            return null;
        }

        var own = staff.Assignments
            .Where(a => a.Role == StaffRole.ClassTeacher && a.UnitCode == unitCode && a.ClassName is not null)
            .Select(a => a.ClassName!)
            .ToHashSet(StringComparer.Ordinal);
        if (own.Count == 0)
        {
            return WorksIn(staff, unitCode) ? new AccessError(AccessErrorCodes.StaffNotAllowed) : new AccessError(AccessErrorCodes.StaffOtherUnit);
        }

        if (className is not null && !own.Contains(className))
        {
            return new AccessError(AccessErrorCodes.StaffOtherClass);
        }

        classes = own;
        return null;
    }

    /// <summary>
    /// Who may export a record with its whole history (RODO art. 15 asked of the school): the secretary of its unit, who
    /// answers for the unit's records; not a class teacher, not the administrator, who may read but not hand records out.
    /// </summary>
    public static AccessError? CanExport(StaffMember staff, StudentRecord record)
    {
        if (IsSecretaryOf(staff, record.UnitCode))
        {
            return null;
        }

        return WorksIn(staff, record.UnitCode)
            ? new AccessError(AccessErrorCodes.StaffNotAllowed)
            : new AccessError(AccessErrorCodes.StaffOtherUnit);
    }

    /// <summary>Who may see a unit's import runs: its secretary, who imports, and the instance administrator.</summary>
    public static AccessError? CanSeeImports(StaffMember staff, string unitCode)
    {
        if (staff.Has(StaffRole.Administrator) || IsSecretaryOf(staff, unitCode))
        {
            return null;
        }

        return WorksIn(staff, unitCode)
            ? new AccessError(AccessErrorCodes.StaffNotAllowed)
            : new AccessError(AccessErrorCodes.StaffOtherUnit);
    }

    private static bool IsSecretaryOf(StaffMember staff, string unitCode) =>
        staff.Assignments.Any(a => a.Role == StaffRole.Secretary && a.UnitCode == unitCode);

    private static bool IsClassTeacherOf(StaffMember staff, string unitCode, string className) =>
        staff.Assignments.Any(a => a.Role == StaffRole.ClassTeacher && a.UnitCode == unitCode && a.ClassName == className);

    // The administrator works across the instance, so a refusal says "not your role", not "another school".
    private static bool WorksIn(StaffMember staff, string unitCode) =>
        staff.Has(StaffRole.Administrator) || staff.Assignments.Any(a => a.UnitCode == unitCode);
}
