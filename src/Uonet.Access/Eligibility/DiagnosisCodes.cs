namespace Uonet.Access.Eligibility;

/// <summary>Stable codes of login diagnosis findings and of who can fix them.</summary>
public static class DiagnosisCodes
{
    /// <summary>The address may sign in and sees this pupil.</summary>
    public const string Eligible = "Diagnosis.Eligible";
    /// <summary>R1: the pupil's record lacks a first or last name.</summary>
    public const string StudentNameMissing = "Diagnosis.StudentNameMissing";
    /// <summary>R1: the pupil's record lacks a PESEL.</summary>
    public const string StudentPeselMissing = "Diagnosis.StudentPeselMissing";
    /// <summary>R1: the pupil's record holds an invalid PESEL.</summary>
    public const string StudentPeselInvalid = "Diagnosis.StudentPeselInvalid";
    /// <summary>R2: the guardian entry lacks a first or last name.</summary>
    public const string GuardianNameMissing = "Diagnosis.GuardianNameMissing";
    /// <summary>R2: the guardian's e-mail equals the pupil's own.</summary>
    public const string GuardianEmailSameAsStudent = "Diagnosis.GuardianEmailSameAsStudent";
    /// <summary>R2: the unit requires the guardian's PESEL and the entry lacks a valid one.</summary>
    public const string GuardianPeselRequired = "Diagnosis.GuardianPeselRequired";
    /// <summary>R6: no record of this instance mentions the address, but records of other instances do.</summary>
    public const string OtherInstanceOnly = "Diagnosis.OtherInstanceOnly";
    /// <summary>R3: the address is a staff member's of this instance, which may sign in; argument <c>name</c>.</summary>
    public const string StaffMember = "Diagnosis.StaffMember";
    /// <summary>R3: no record of any instance mentions the address.</summary>
    public const string AddressUnknown = "Diagnosis.AddressUnknown";

    /// <summary>Who fixes: the secretary of the unit.</summary>
    public const string FixedBySecretary = "Diagnosis.FixedBy.Secretary";
    /// <summary>Who fixes: the secretary of whichever school the child attends (no record names one).</summary>
    public const string FixedBySchoolSecretary = "Diagnosis.FixedBy.SchoolSecretary";
    /// <summary>Who fixes: the secretary of the unit or the class teacher of the class.</summary>
    public const string FixedBySecretaryOrClassTeacher = "Diagnosis.FixedBy.SecretaryOrClassTeacher";
    /// <summary>Who fixes: the school at another address.</summary>
    public const string FixedByOtherInstance = "Diagnosis.FixedBy.OtherInstance";
    /// <summary>Nothing to fix.</summary>
    public const string FixedByNobody = "Diagnosis.FixedBy.Nobody";
}
