using Uonet.Access.Records;

namespace Uonet.Access.Eligibility;

/// <summary>
/// The sign-in rules of the FAQ as pure functions of a record: R1 for a pupil, R2 for a guardian. Each returns the
/// diagnosis codes (<see cref="DiagnosisCodes"/>) of what blocks sign-in; none means the person may sign in.
/// </summary>
public static class EligibilityRules
{
    /// <summary>What blocks the pupil of <paramref name="record"/> from signing in with the record's own e-mail (R1).</summary>
    public static IReadOnlyList<string> StudentBlockers(StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        List<string>? blockers = null;
        if (string.IsNullOrWhiteSpace(record.FirstName) || string.IsNullOrWhiteSpace(record.LastName))
        {
            (blockers ??= []).Add(DiagnosisCodes.StudentNameMissing);
        }

        if (record.Pesel is null)
        {
            (blockers ??= []).Add(DiagnosisCodes.StudentPeselMissing);
        }
        else if (Pesel.TryValidate(record.Pesel, out _) is not null)
        {
            (blockers ??= []).Add(DiagnosisCodes.StudentPeselInvalid);
        }

        return blockers ?? (IReadOnlyList<string>)[];
    }

    /// <summary>What blocks <paramref name="guardian"/> from signing in as a guardian of the pupil of <paramref name="record"/> (R2).</summary>
    public static IReadOnlyList<string> GuardianBlockers(StudentRecord record, GuardianEntry guardian, SchoolUnit? unit)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(guardian);
        List<string>? blockers = null;
        if (string.IsNullOrWhiteSpace(guardian.FirstName) || string.IsNullOrWhiteSpace(guardian.LastName))
        {
            (blockers ??= []).Add(DiagnosisCodes.GuardianNameMissing);
        }

        if (guardian.Email is not null && guardian.Email == record.Email)
        {
            (blockers ??= []).Add(DiagnosisCodes.GuardianEmailSameAsStudent);
        }

        if (unit?.RequireGuardianPesel == true && (guardian.Pesel is null || Pesel.TryValidate(guardian.Pesel, out _) is not null))
        {
            (blockers ??= []).Add(DiagnosisCodes.GuardianPeselRequired);
        }

        return blockers ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Whether the pupil may sign in with the record's own e-mail (R1).</summary>
    public static bool IsStudentEligible(StudentRecord record) =>
        record is { Email: not null } && StudentBlockers(record).Count == 0;

    /// <summary>Whether the guardian may sign in and see this pupil (R2).</summary>
    public static bool IsGuardianEligible(StudentRecord record, GuardianEntry guardian, SchoolUnit? unit) =>
        guardian is { Email: not null } && GuardianBlockers(record, guardian, unit).Count == 0;
}
