namespace Uonet.Access;

/// <summary>
/// The stable codes of <see cref="AccessError"/>. A code keeps its meaning forever; new situations get new codes.
/// </summary>
public static class AccessErrorCodes
{
    /// <summary>No e-mail address was given.</summary>
    public const string EmailRequired = "Email.Required";
    /// <summary>The address is longer than 254 characters, or its local part longer than 64.</summary>
    public const string EmailTooLong = "Email.TooLong";
    /// <summary>The address lacks exactly one <c>@</c> between a local part and a domain.</summary>
    public const string EmailFormat = "Email.Format";
    /// <summary>The part before <c>@</c> holds characters or dots that an address may not hold.</summary>
    public const string EmailLocalPartInvalid = "Email.LocalPartInvalid";
    /// <summary>The part after <c>@</c> is not a domain name with at least two labels.</summary>
    public const string EmailDomainInvalid = "Email.DomainInvalid";

    /// <summary>No PESEL was given where one is required.</summary>
    public const string PeselRequired = "Pesel.Required";
    /// <summary>A PESEL has exactly 11 characters.</summary>
    public const string PeselLength = "Pesel.Length";
    /// <summary>A PESEL holds digits only.</summary>
    public const string PeselDigits = "Pesel.Digits";
    /// <summary>The control digit does not match the weighted sum (1,3,7,9,1,3,7,9,1,3).</summary>
    public const string PeselChecksum = "Pesel.Checksum";
    /// <summary>The PESEL encodes a date that does not exist (month field with century, day of month).</summary>
    public const string PeselDate = "Pesel.Date";

    /// <summary>A required field is empty.</summary>
    public const string FieldRequired = "Field.Required";
    /// <summary>A field is longer than allowed.</summary>
    public const string FieldTooLong = "Field.TooLong";
    /// <summary>A field holds control characters or invalid UTF-16.</summary>
    public const string FieldInvalidCharacters = "Field.InvalidCharacters";

    /// <summary>R2: a guardian's e-mail may not be the child's own e-mail.</summary>
    public const string GuardianEmailSameAsStudent = "Record.GuardianEmailSameAsStudent";
    /// <summary>The record already lists a guardian with this e-mail (or, without e-mail, this name).</summary>
    public const string GuardianDuplicate = "Record.GuardianDuplicate";
    /// <summary>A guardian entry needs at least a last name or an e-mail address.</summary>
    public const string GuardianIncomplete = "Record.GuardianIncomplete";
    /// <summary>A record lists at most <see cref="Records.StudentRecordLimits.MaxGuardians"/> guardians.</summary>
    public const string GuardianLimit = "Record.GuardianLimit";
    /// <summary>No student record with this id in the instance.</summary>
    public const string StudentNotFound = "Record.StudentNotFound";
    /// <summary>No guardian entry with this id in the record.</summary>
    public const string GuardianNotFound = "Record.GuardianNotFound";
    /// <summary>The record was changed by someone else since it was read; read it again and repeat.</summary>
    public const string ConcurrencyConflict = "Record.ConcurrencyConflict";
    /// <summary>Another record of the same unit already holds this PESEL as the pupil's own.</summary>
    public const string PeselDuplicate = "Record.PeselDuplicate";
    /// <summary>A record with this id already exists.</summary>
    public const string StudentAlreadyExists = "Record.StudentAlreadyExists";

    /// <summary>An instance symbol is 2–64 characters of lowercase letters, digits and hyphens.</summary>
    public const string InstanceSymbolInvalid = "Instance.SymbolInvalid";
    /// <summary>No instance with this symbol.</summary>
    public const string InstanceNotFound = "Instance.NotFound";
    /// <summary>An instance with this symbol already exists.</summary>
    public const string InstanceAlreadyExists = "Instance.AlreadyExists";
    /// <summary>The base address is not an absolute http or https URL.</summary>
    public const string InstanceBaseUrlInvalid = "Instance.BaseUrlInvalid";
    /// <summary>A unit code is 1–32 characters of letters, digits, hyphens and underscores.</summary>
    public const string UnitCodeInvalid = "Unit.CodeInvalid";
    /// <summary>No unit with this code in the instance.</summary>
    public const string UnitNotFound = "Unit.NotFound";
    /// <summary>A unit with this code already exists in the instance.</summary>
    public const string UnitAlreadyExists = "Unit.AlreadyExists";

    /// <summary>The acting person is not a staff member of this instance.</summary>
    public const string StaffNotFound = "Staff.NotFound";
    /// <summary>The staff member's roles do not allow this change (e.g. a class teacher creating a record).</summary>
    public const string StaffNotAllowed = "Staff.NotAllowed";
    /// <summary>The record belongs to a unit the staff member does not work in.</summary>
    public const string StaffOtherUnit = "Staff.OtherUnit";
    /// <summary>A class teacher may change only the records of their own class.</summary>
    public const string StaffOtherClass = "Staff.OtherClass";
    /// <summary>A class teacher may not move a pupil to another class: the secretary does.</summary>
    public const string StaffClassChangeNotAllowed = "Staff.ClassChangeNotAllowed";
    /// <summary>A secretary or class teacher role names a unit; a class teacher role also names a class.</summary>
    public const string StaffAssignmentInvalid = "Staff.AssignmentInvalid";

    /// <summary>The CSV file has no header row or lacks a required column.</summary>
    public const string ImportHeaderInvalid = "Import.HeaderInvalid";
    /// <summary>A CSV row has a different number of fields than the header, or an unterminated quote.</summary>
    public const string ImportRowMalformed = "Import.RowMalformed";
    /// <summary>The file has more rows than one import accepts.</summary>
    public const string ImportTooManyRows = "Import.TooManyRows";
    /// <summary>The relation is not one of mother, father, legal guardian, other.</summary>
    public const string ImportRelationInvalid = "Import.RelationInvalid";
}
