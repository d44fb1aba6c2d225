using System.Text.Json;
using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records;

/// <summary>Entering and changing records: field validation and the rules spanning a whole record (R1, R2).</summary>
public sealed class StudentRecordsValidationTests
{
    private const string PupilEmail = "ola.nowak@uczen.example.pl";
    private const string MotherEmail = "anna.nowak@example.pl";
    private const string FatherEmail = "piotr.nowak@example.pl";

    [Fact]
    public async Task AddStudent_BySecretary_StoresCleanedRecord_R1()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, new NewStudent
        {
            UnitCode = " sp1 ",
            ClassName = " 4a ",
            FirstName = "  Ola  Maria ",
            LastName = "No\u0301wak",
            Pesel = " " + Pesels[0] + " ",
            Email = " Ola.Nowak@Uczen.Example.PL ",
            Guardians = [Guardian(" Anna ", "Nowak", "Anna.Nowak@Example.pl", Pesels[4])],
        });

        Assert.True(result.Succeeded, result.ToString());
        var record = result.Value;
        Assert.Equal((Symbol, Sp1, "4A"), (record.InstanceSymbol, record.UnitCode, record.ClassName));
        Assert.Equal(("Ola Maria", "N\u00F3wak"), (record.FirstName, record.LastName));
        Assert.Equal((Pesels[0], PupilEmail), (record.Pesel, record.Email));
        var mother = Assert.Single(record.Guardians);
        Assert.Equal(("Anna", "Nowak", MotherEmail, Pesels[4], GuardianRelation.Mother), (mother.FirstName, mother.LastName, mother.Email, mother.Pesel, mother.Relation));
        Assert.Equal(1, record.Version);
        Assert.Equal(school.Time.GetUtcNow(), record.CreatedAt);
        Assert.Equal(record.CreatedAt, record.UpdatedAt);

        var stored = await school.Records.FindStudentAsync(SecretarySp1, record.Id);
        Assert.Equal(Json(record), Json(stored.Value));
    }

    [Fact]
    public async Task AddStudent_WithoutPeselAndEmail_IsAcceptedAsIncompleteRecord_R1()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(pesel: "  ", email: ""));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(((string?)null, (string?)null), (result.Value.Pesel, result.Value.Email));
    }

    [Fact]
    public async Task AddStudent_SeveralInvalidFields_ReportsEveryErrorWithItsField()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, new NewStudent
        {
            UnitCode = Sp1,
            ClassName = " ",
            FirstName = "",
            LastName = new string('x', StudentRecordLimits.MaxNameLength + 1),
            Pesel = "15220123450",
            Email = "ola.nowak.example.pl",
            Guardians = [Guardian("Anna", "Nowak", "anna@@example.pl"), Guardian("Piotr", "Nowak", FatherEmail, "1234")],
        });

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                (AccessErrorCodes.FieldRequired, "className"),
                (AccessErrorCodes.FieldRequired, "firstName"),
                (AccessErrorCodes.FieldTooLong, "lastName"),
                (AccessErrorCodes.PeselChecksum, "pesel"),
                (AccessErrorCodes.EmailFormat, "email"),
                (AccessErrorCodes.EmailFormat, "guardians[0].email"),
                (AccessErrorCodes.PeselLength, "guardians[1].pesel"),
            ],
            result.Errors.Select(e => (e.Code, e.Field)));
        Assert.Empty(await StoredAsync(school));
    }

    [Theory]
    [InlineData("Ola\u0000")]
    [InlineData("O\nla")]
    [InlineData("Ola\u202E")] // right-to-left override could disguise a name
    public async Task AddStudent_NameWithInvalidCharacters_IsFieldInvalidCharacters(string firstName)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student() with { FirstName = firstName });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.FieldInvalidCharacters, "firstName"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddStudent_NameWithLoneSurrogate_IsFieldInvalidCharacters()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student() with { LastName = "Nowak\uDC00" });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.FieldInvalidCharacters, "lastName"), (error.Code, error.Field));
        Assert.Equal("lastName", error.Arguments["field"]);
    }

    [Fact]
    public async Task AddStudent_NameOfExactlyMaxLength_IsAccepted()
    {
        await using var school = await TestSchool.CreateAsync();
        var name = new string('x', StudentRecordLimits.MaxNameLength);

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student() with { LastName = name });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(name, result.Value.LastName);
    }

    [Fact]
    public async Task AddStudent_NameTooLong_CarriesMaxArgument()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student() with { FirstName = new string('x', 101) });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.FieldTooLong, "firstName"), (error.Code, error.Field));
        Assert.Equal("100", error.Arguments["max"]);
    }

    [Theory]
    [InlineData("SP 1", AccessErrorCodes.UnitCodeInvalid)]
    [InlineData("SP9", AccessErrorCodes.UnitNotFound)]
    [InlineData("LO1", AccessErrorCodes.UnitNotFound)] // a unit of another instance is not visible (R6)
    public async Task AddStudent_BadUnit_IsRefused(string unitCode, string code)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student() with { UnitCode = unitCode });

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, "unitCode"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddStudent_GuardianEmailSameAsPupilsInAnotherCase_IsRefused_R2()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(email: PupilEmail, guardians: Guardian("Anna", "Nowak", " OLA.NOWAK@uczen.example.pl")));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianEmailSameAsStudent, "guardians[0].email"), (error.Code, error.Field));
        Assert.Empty(await StoredAsync(school));
    }

    [Fact]
    public async Task AddGuardian_EmailSameAsPupils_IsRefused_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.AddGuardianAsync(SecretarySp1, record.Id, Guardian("Anna", "Nowak", PupilEmail.ToUpperInvariant()));

        Assert.Equal(AccessErrorCodes.GuardianEmailSameAsStudent, Assert.Single(result.Errors).Code);
        Assert.Empty((await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Guardians);
    }

    [Fact]
    public async Task UpdateGuardian_EmailChangedToPupils_IsRefused_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Records.UpdateGuardianAsync(SecretarySp1, record.Id, record.Guardians[0].Id, Guardian("Anna", "Nowak", PupilEmail));

        Assert.Equal(AccessErrorCodes.GuardianEmailSameAsStudent, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_PupilEmailChangedToGuardians_IsRefused_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { Email = "Anna.Nowak@EXAMPLE.pl" });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianEmailSameAsStudent, "guardians[0].email"), (error.Code, error.Field));
        Assert.Equal(PupilEmail, (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Email);
    }

    [Fact]
    public async Task AddStudent_TwoGuardiansWithTheSameEmailInAnyCase_IsGuardianDuplicate()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(guardians: [Guardian("Anna", "Nowak", MotherEmail), Guardian("Piotr", "Nowak", "ANNA.Nowak@example.PL")]));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianDuplicate, "guardians[1].email"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddStudent_TwoGuardiansWithoutEmailWithTheSameNameInAnyCase_IsGuardianDuplicate()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(guardians: [Guardian("Anna", "Nowak", null), Guardian("ANNA", "nowak", null)]));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianDuplicate, "guardians[1].lastName"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddGuardian_EmailAlreadyListedInAnotherCase_IsGuardianDuplicate()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Records.AddGuardianAsync(SecretarySp1, record.Id, Guardian("Piotr", "Nowak", " Anna.NOWAK@example.pl "));

        Assert.Equal(AccessErrorCodes.GuardianDuplicate, Assert.Single(result.Errors).Code);
        Assert.Single((await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Guardians);
    }

    [Theory]
    [InlineData("Anna", null)]
    [InlineData(null, null)]
    [InlineData("Anna", "   ")]
    public async Task AddStudent_GuardianWithNeitherLastNameNorEmail_IsGuardianIncomplete(string? firstName, string? email)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(guardians: new GuardianDetails { FirstName = firstName, Email = email }));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianIncomplete, "guardians[0].lastName"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddStudent_GuardianWithOnlyEmail_IsAcceptedToBeCompletedLater()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(guardians: new GuardianDetails { Email = MotherEmail }));

        Assert.True(result.Succeeded, result.ToString());
        var guardian = Assert.Single(result.Value.Guardians);
        Assert.Equal((null, null, MotherEmail, GuardianRelation.Other), (guardian.FirstName, guardian.LastName, guardian.Email, guardian.Relation));
    }

    [Fact]
    public async Task AddGuardian_UndefinedRelation_IsImportRelationInvalid()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.AddGuardianAsync(SecretarySp1, record.Id, Guardian("Anna", "Nowak", MotherEmail, relation: (GuardianRelation)42));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.ImportRelationInvalid, "guardians[0].relation"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddStudent_SixGuardians_IsAccepted()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(guardians: Guardians(StudentRecordLimits.MaxGuardians)));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(6, result.Value.Guardians.Count);
    }

    [Fact]
    public async Task AddStudent_SevenGuardians_IsGuardianLimit()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student(guardians: Guardians(StudentRecordLimits.MaxGuardians + 1)));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianLimit, "guardians"), (error.Code, error.Field));
        Assert.Equal("6", error.Arguments["max"]);
    }

    [Fact]
    public async Task AddGuardian_ToRecordWithSixGuardians_IsGuardianLimit()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardians(StudentRecordLimits.MaxGuardians));

        var result = await school.Records.AddGuardianAsync(SecretarySp1, record.Id, Guardian("Zofia", "Nowak", "zofia@example.pl"));

        Assert.Equal(AccessErrorCodes.GuardianLimit, Assert.Single(result.Errors).Code);
        Assert.Equal(6, (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Guardians.Count);
    }

    [Fact]
    public async Task AddStudent_SamePeselTwiceInOneUnit_IsPeselDuplicate()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student("5b") with { FirstName = "Ala", Pesel = " " + Pesels[0] });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.PeselDuplicate, "pesel"), (error.Code, error.Field));
        Assert.Single(await StoredAsync(school));
    }

    [Fact]
    public async Task AddStudent_SamePeselInAnotherUnit_IsAccepted()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.AddStudentAsync(SecretarySp2, Student() with { UnitCode = Sp2, Pesel = Pesels[0] });

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task AddStudent_RecordsWithoutPesel_AreNotDuplicatesOfEachOther()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", null, null);

        var result = await school.Records.AddStudentAsync(SecretarySp1, Student() with { FirstName = "Ala" });

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task UpdateStudent_PeselChangedToAnotherPupils_IsPeselDuplicate()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null);
        var other = await school.AddStudentAsync(Sp1, "4a", "Ala", "Kowalska", Pesels[1], null);

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, other.Id, new StudentChanges { Pesel = Pesels[0] });

        Assert.Equal(AccessErrorCodes.PeselDuplicate, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_SamePeselAsBefore_IsNotADuplicateOfItself()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null);

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { Pesel = Pesels[0], FirstName = "Ala" });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("Ala", result.Value.FirstName);
    }

    [Fact]
    public async Task UpdateStudent_EmptyStrings_ClearPeselAndEmail_NullKeepsThem()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var kept = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = "Ala" });
        var cleared = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { Pesel = "", Email = "" });

        Assert.Equal((Pesels[0], PupilEmail), (kept.Value.Pesel, kept.Value.Email));
        Assert.Equal(((string?)null, (string?)null), (cleared.Value.Pesel, cleared.Value.Email));
        Assert.Equal(("Ala", "Nowak", "4A"), (cleared.Value.FirstName, cleared.Value.LastName, cleared.Value.ClassName));
        Assert.Equal(3, cleared.Value.Version);
    }

    [Theory]
    [InlineData("", AccessErrorCodes.FieldRequired)]
    [InlineData("  ", AccessErrorCodes.FieldRequired)]
    [InlineData("Ola\u0007", AccessErrorCodes.FieldInvalidCharacters)]
    public async Task UpdateStudent_FirstNameBlankOrInvalid_IsRefusedAndKept_R1(string firstName, string code)
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = firstName });

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, "firstName"), (error.Code, error.Field));
        Assert.Equal(Json(record), Json((await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value));
    }

    [Fact]
    public async Task UpdateStudent_SeveralInvalidFields_ReportsEveryError()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { LastName = " ", Pesel = "123", Email = "a@localhost" });

        Assert.Equal(
            [(AccessErrorCodes.FieldRequired, "lastName"), (AccessErrorCodes.PeselLength, "pesel"), (AccessErrorCodes.EmailDomainInvalid, "email")],
            result.Errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public async Task UpdateStudent_StaleExpectedVersion_IsConcurrencyConflictAndRecordUnchanged()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        var first = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = "Ala" }, expectedVersion: 1);

        var second = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { LastName = "Kowalska" }, expectedVersion: 1);

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(AccessErrorCodes.ConcurrencyConflict, Assert.Single(second.Errors).Code);
        var stored = (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value;
        Assert.Equal(Json(first.Value), Json(stored));
        Assert.Equal(("Ala", "Nowak", 2L), (stored.FirstName, stored.LastName, stored.Version));
    }

    [Fact]
    public async Task UpdateStudent_CurrentExpectedVersion_IsApplied()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { LastName = "Kowalska" }, expectedVersion: record.Version);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(("Kowalska", 2L), (result.Value.LastName, result.Value.Version));
    }

    [Fact]
    public async Task UpdateStudent_ChangesUpdatedAtButNotCreatedAt()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        school.Time.Advance(TimeSpan.FromHours(3));

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { LastName = "Kowalska" });

        Assert.Equal(record.CreatedAt, result.Value.CreatedAt);
        Assert.Equal(record.CreatedAt.AddHours(3), result.Value.UpdatedAt);
    }

    [Fact]
    public async Task UpdateStudent_NothingChanged_KeepsVersion()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = " Ola ", Email = "OLA.NOWAK@uczen.example.pl", ClassName = "4a" });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(Json(record), Json(result.Value));
    }

    [Fact]
    public async Task UpdateGuardian_UnknownGuardian_IsGuardianNotFound()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Records.UpdateGuardianAsync(SecretarySp1, record.Id, Guid.NewGuid(), Guardian("Anna", "Nowak", MotherEmail));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.GuardianNotFound, "guardianId"), (error.Code, error.Field));
    }

    [Fact]
    public async Task RemoveGuardian_UnknownGuardian_IsGuardianNotFound()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Records.RemoveGuardianAsync(SecretarySp1, record.Id, Guid.NewGuid());

        Assert.Equal(AccessErrorCodes.GuardianNotFound, Assert.Single(result.Errors).Code);
        Assert.Single((await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Guardians);
    }

    [Fact]
    public async Task RemoveGuardian_GuardianOfAnotherRecord_IsGuardianNotFound()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));
        var ala = await school.AddStudentAsync(Sp1, "4a", "Ala", "Kowalska", Pesels[1], null, Guardian("Ewa", "Kowalska", "ewa@example.pl"));

        var result = await school.Records.RemoveGuardianAsync(SecretarySp1, ola.Id, ala.Guardians[0].Id);

        Assert.Equal(AccessErrorCodes.GuardianNotFound, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_UnknownId_IsStudentNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.UpdateStudentAsync(SecretarySp1, Guid.NewGuid(), new StudentChanges { FirstName = "Ala" });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.StudentNotFound, "studentId"), (error.Code, error.Field));
    }

    [Fact]
    public async Task GuardianOperations_UnknownStudent_AreStudentNotFound()
    {
        await using var school = await TestSchool.CreateAsync();
        var id = Guid.NewGuid();

        var added = await school.Records.AddGuardianAsync(SecretarySp1, id, Guardian("Anna", "Nowak", MotherEmail));
        var updated = await school.Records.UpdateGuardianAsync(SecretarySp1, id, Guid.NewGuid(), Guardian("Anna", "Nowak", MotherEmail));
        var removed = await school.Records.RemoveGuardianAsync(SecretarySp1, id, Guid.NewGuid());
        var found = await school.Records.FindStudentAsync(SecretarySp1, id);

        Assert.All(new AccessResult[] { added, updated, removed, found }, r => Assert.Equal(AccessErrorCodes.StudentNotFound, Assert.Single(r.Errors).Code));
    }

    [Fact]
    public async Task FindStudent_RecordOfAnotherInstance_IsStudentNotFound_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var found = await school.Records.FindStudentAsync(SecretaryLo1, record.Id);
        var changed = await school.Records.UpdateStudentAsync(SecretaryLo1, record.Id, new StudentChanges { FirstName = "Ala" });

        Assert.Equal(AccessErrorCodes.StudentNotFound, Assert.Single(found.Errors).Code);
        Assert.Equal(AccessErrorCodes.StudentNotFound, Assert.Single(changed.Errors).Code);
    }

    private static NewStudent Student(string className = "4a", string? pesel = null, string? email = null, params GuardianDetails[] guardians) => new()
    {
        UnitCode = Sp1,
        ClassName = className,
        FirstName = "Ola",
        LastName = "Nowak",
        Pesel = pesel,
        Email = email,
        Guardians = guardians,
    };

    private static GuardianDetails[] Guardians(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Guardian("Opiekun", $"Nowak{i}", $"opiekun{i}@example.pl", relation: GuardianRelation.Other))];

    // Records hold lists, whose equality is by reference; the serialized form compares values.
    private static string Json(StudentRecord record) => JsonSerializer.Serialize(record);

    private static async Task<IReadOnlyList<StudentRecord>> StoredAsync(TestSchool school) =>
        (await school.Records.ListStudentsAsync(SecretarySp1, Sp1)).Value;
}
