using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records;

/// <summary>
/// Who may change which record (R1, R2): the secretary enters and edits every record of the unit, the class
/// teacher completes the records of their class (guardians included), the administrator edits none.
/// </summary>
public sealed class StudentRecordsPermissionTests
{
    private const string PupilEmail = "ola.nowak@uczen.example.pl";
    private const string MotherEmail = "anna.nowak@example.pl";
    private const string FatherEmail = "piotr.nowak@example.pl";

    [Fact]
    public async Task AddStudent_ByClassTeacher_IsStaffNotAllowed_R1()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(TeacherSp1Class4A, Student(Sp1, "4a"));

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(result.Errors).Code);
        Assert.Empty((await school.Records.ListStudentsAsync(SecretarySp1, Sp1)).Value);
    }

    [Fact]
    public async Task AddStudent_BySecretaryOfAnotherUnit_IsStaffOtherUnit_R1()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(SecretarySp2, Student(Sp1, "4a"));

        Assert.Equal(AccessErrorCodes.StaffOtherUnit, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task AddStudent_ByAdministrator_IsStaffNotAllowed()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(Administrator, Student(Sp1, "4a"));

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData(Symbol, "nikt@sp1.edu.pl")] // not a staff member
    [InlineData(Symbol, "sekretariat@lo1.edu.pl")] // staff of another instance (R6)
    [InlineData(Symbol, "not an address")]
    [InlineData(Symbol, "")]
    [InlineData(OtherSymbol, "sekretariat@sp1.edu.pl")] // the SP1 secretary has no role in the other instance
    public async Task AddStudent_ByUnknownStaff_IsStaffNotFound(string symbol, string email)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(new StaffActor(symbol, email), Student(Sp1, "4a"));

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task AddStudent_ActorWithInvalidSymbol_IsInstanceSymbolInvalid()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(new StaffActor("gmina wulkanowo", SecretarySp1.Email), Student(Sp1, "4a"));

        Assert.Equal(AccessErrorCodes.InstanceSymbolInvalid, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task AddStudent_ActorTypedInAnotherCase_IsTheSameStaffMember()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.AddStudentAsync(new StaffActor(" GminaWulkanowo ", " Sekretariat@SP1.edu.pl"), Student(Sp1, "4a"));

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Edits_ByAdministrator_AreStaffNotAllowed()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));
        var guardianId = record.Guardians[0].Id;

        var results = new AccessResult[]
        {
            await school.Records.UpdateStudentAsync(Administrator, record.Id, new StudentChanges { FirstName = "Ala" }),
            await school.Records.AddGuardianAsync(Administrator, record.Id, Guardian("Piotr", "Nowak", FatherEmail)),
            await school.Records.UpdateGuardianAsync(Administrator, record.Id, guardianId, Guardian("Anna", "Kowalska", MotherEmail)),
            await school.Records.RemoveGuardianAsync(Administrator, record.Id, guardianId),
        };

        Assert.All(results, r => Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(r.Errors).Code));
        Assert.Equal(1, (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Version);
    }

    [Fact]
    public async Task FindStudent_ByAdministrator_IsAllowed()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4b", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.FindStudentAsync(Administrator, record.Id);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(record.Id, result.Value.Id);
    }

    [Fact]
    public async Task FindStudent_BySecretaryOfAnotherUnit_IsStaffOtherUnit()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.FindStudentAsync(SecretarySp2, record.Id);

        Assert.Equal(AccessErrorCodes.StaffOtherUnit, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_BySecretaryOfAnotherUnit_IsStaffOtherUnit()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(SecretarySp2, record.Id, new StudentChanges { FirstName = "Ala" });

        Assert.Equal(AccessErrorCodes.StaffOtherUnit, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_ByClassTeacherOfThePupilsClass_IsApplied_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", null, null);

        var result = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { LastName = "Nowak-Kowalska", Pesel = Pesels[0], Email = PupilEmail });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(("Nowak-Kowalska", Pesels[0], PupilEmail, 2L), (result.Value.LastName, result.Value.Pesel, result.Value.Email, result.Value.Version));
    }

    [Fact]
    public async Task GuardianChanges_ByClassTeacherOfThePupilsClass_AreApplied_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));
        var mother = record.Guardians[0];

        var added = await school.Records.AddGuardianAsync(TeacherSp1Class4A, record.Id, Guardian(" Piotr ", "Nowak", " Piotr.Nowak@Example.pl", Pesels[4], GuardianRelation.Father));
        var updated = await school.Records.UpdateGuardianAsync(TeacherSp1Class4A, record.Id, mother.Id, Guardian("Anna", "Nowak-Kowalska", "anna.kowalska@example.pl"));
        var removed = await school.Records.RemoveGuardianAsync(TeacherSp1Class4A, record.Id, mother.Id);

        Assert.True(added.Succeeded, added.ToString());
        Assert.Equal(("Piotr", "Nowak", FatherEmail, Pesels[4], GuardianRelation.Father), (added.Value.FirstName, added.Value.LastName, added.Value.Email, added.Value.Pesel, added.Value.Relation));
        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal((mother.Id, "Nowak-Kowalska", "anna.kowalska@example.pl"), (updated.Value.Id, updated.Value.LastName, updated.Value.Email));
        Assert.True(removed.Succeeded, removed.ToString());
        var stored = (await school.Records.FindStudentAsync(TeacherSp1Class4A, record.Id)).Value;
        Assert.Equal(added.Value, Assert.Single(stored.Guardians));
        Assert.Equal(4, stored.Version);
    }

    [Fact]
    public async Task UpdateGuardian_KeepsTheEntrysIdAndPlace()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail), Guardian("Piotr", "Nowak", FatherEmail));

        await school.Records.UpdateGuardianAsync(SecretarySp1, record.Id, record.Guardians[0].Id, Guardian("Anna", "Kowalska", MotherEmail));

        var stored = (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value;
        Assert.Equal(record.Guardians.Select(g => g.Id), stored.Guardians.Select(g => g.Id));
        Assert.Equal(["Kowalska", "Nowak"], stored.Guardians.Select(g => g.LastName));
    }

    [Fact]
    public async Task Edits_ByClassTeacherOfAnotherClass_AreStaffOtherClass_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4b", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));
        var guardianId = record.Guardians[0].Id;

        var results = new AccessResult[]
        {
            await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { FirstName = "Ala" }),
            await school.Records.AddGuardianAsync(TeacherSp1Class4A, record.Id, Guardian("Piotr", "Nowak", FatherEmail)),
            await school.Records.UpdateGuardianAsync(TeacherSp1Class4A, record.Id, guardianId, Guardian("Anna", "Kowalska", MotherEmail)),
            await school.Records.RemoveGuardianAsync(TeacherSp1Class4A, record.Id, guardianId),
            await school.Records.FindStudentAsync(TeacherSp1Class4A, record.Id),
            await school.Records.ListAuditAsync(TeacherSp1Class4A, record.Id),
        };

        Assert.All(results, r => Assert.Equal(AccessErrorCodes.StaffOtherClass, Assert.Single(r.Errors).Code));
        Assert.Equal(1, (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value.Version);
    }

    [Fact]
    public async Task UpdateStudent_ByClassTeacherOfAnotherUnit_IsStaffOtherUnit()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp2, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { FirstName = "Ala" });

        Assert.Equal(AccessErrorCodes.StaffOtherUnit, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_ClassTeacherMovingPupilToAnotherClass_IsStaffClassChangeNotAllowed_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { ClassName = "4b", FirstName = "Ala" });

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.StaffClassChangeNotAllowed, "className"), (error.Code, error.Field));
        var stored = (await school.Records.FindStudentAsync(SecretarySp1, record.Id)).Value;
        Assert.Equal(("4A", "Ola", 1L), (stored.ClassName, stored.FirstName, stored.Version));
    }

    [Fact]
    public async Task UpdateStudent_ClassTeacherTypingTheSameClassInLowerCase_IsNoClassChange()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { ClassName = " 4a ", FirstName = "Ala" });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(("4A", "Ala"), (result.Value.ClassName, result.Value.FirstName));
    }

    [Fact]
    public async Task UpdateStudent_SecretaryMovingPupilToAnotherClass_IsApplied_AndOldClassTeacherLosesAccess()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var moved = await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { ClassName = "5a" });
        var byOldTeacher = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { FirstName = "Ala" });

        Assert.True(moved.Succeeded, moved.ToString());
        Assert.Equal("5A", moved.Value.ClassName);
        Assert.Equal(AccessErrorCodes.StaffOtherClass, Assert.Single(byOldTeacher.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_TeacherOfTwoClassesMovingPupilBetweenThem_IsStaffClassChangeNotAllowed()
    {
        await using var school = await TestSchool.CreateAsync();
        Assert.True((await school.Directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Jan Wychowawca", new StaffAssignment(StaffRole.ClassTeacher, Sp1, "4b"))).Succeeded);
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { ClassName = "4b" });

        Assert.Equal(AccessErrorCodes.StaffClassChangeNotAllowed, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UpdateStudent_TeacherGivenASecondClass_MayEditItsPupils()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4b", "Ola", "Nowak", Pesels[0], PupilEmail);
        var before = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { FirstName = "Ala" });
        Assert.True((await school.Directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Jan Wychowawca", new StaffAssignment(StaffRole.ClassTeacher, Sp1, "4b"))).Succeeded);

        var after = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { FirstName = "Ala" });

        Assert.Equal(AccessErrorCodes.StaffOtherClass, Assert.Single(before.Errors).Code);
        Assert.True(after.Succeeded, after.ToString());
    }

    [Fact]
    public async Task ListStudents_BySecretary_ListsEveryPupilOfTheUnitOnly()
    {
        await using var school = await TestSchool.CreateAsync();
        var (a, b) = await SeedTwoClassesAsync(school);
        await school.AddStudentAsync(Sp2, "4a", "Kuba", "Zieliński", Pesels[2], null);

        var result = await school.Records.ListStudentsAsync(SecretarySp1, "sp1");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([a.Id, b.Id], result.Value.Select(r => r.Id));
    }

    [Fact]
    public async Task ListStudents_BySecretaryForOneClass_ListsThatClass()
    {
        await using var school = await TestSchool.CreateAsync();
        var (_, b) = await SeedTwoClassesAsync(school);

        var result = await school.Records.ListStudentsAsync(SecretarySp1, Sp1, "4b");

        Assert.Equal([b.Id], result.Value.Select(r => r.Id));
    }

    [Fact]
    public async Task ListStudents_ByClassTeacher_ListsOnlyOwnClass()
    {
        await using var school = await TestSchool.CreateAsync();
        var (a, _) = await SeedTwoClassesAsync(school);

        var all = await school.Records.ListStudentsAsync(TeacherSp1Class4A, Sp1);
        var own = await school.Records.ListStudentsAsync(TeacherSp1Class4A, Sp1, " 4a");

        Assert.Equal([a.Id], all.Value.Select(r => r.Id));
        Assert.Equal([a.Id], own.Value.Select(r => r.Id));
    }

    [Fact]
    public async Task ListStudents_ByClassTeacherAskingForAnotherClass_IsStaffOtherClass()
    {
        await using var school = await TestSchool.CreateAsync();
        await SeedTwoClassesAsync(school);

        var result = await school.Records.ListStudentsAsync(TeacherSp1Class4A, Sp1, "4b");

        Assert.Equal(AccessErrorCodes.StaffOtherClass, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("sekretariat@sp2.edu.pl", Sp1)]
    [InlineData("wychowawca4a@sp1.edu.pl", Sp2)]
    public async Task ListStudents_ByStaffOfAnotherUnit_IsStaffOtherUnit(string email, string unit)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.ListStudentsAsync(new StaffActor(Symbol, email), unit);

        Assert.Equal(AccessErrorCodes.StaffOtherUnit, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task ListStudents_ByAdministrator_ListsEveryPupil()
    {
        await using var school = await TestSchool.CreateAsync();
        var (a, b) = await SeedTwoClassesAsync(school);

        var result = await school.Records.ListStudentsAsync(Administrator, Sp1);

        Assert.Equal([a.Id, b.Id], result.Value.Select(r => r.Id));
    }

    [Fact]
    public async Task ListStudents_InvalidUnitCode_IsUnitCodeInvalid()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.ListStudentsAsync(SecretarySp1, "SP 1");

        Assert.Equal(AccessErrorCodes.UnitCodeInvalid, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task ListStudents_ByUnknownStaff_IsStaffNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.ListStudentsAsync(new StaffActor(Symbol, "nikt@example.pl"), Sp1);

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(result.Errors).Code);
    }

    private static async Task<(StudentRecord ClassA, StudentRecord ClassB)> SeedTwoClassesAsync(TestSchool school)
    {
        var b = await school.AddStudentAsync(Sp1, "4b", "Ala", "Kowalska", Pesels[1], null);
        var a = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        return (a, b);
    }

    private static NewStudent Student(string unitCode, string className) => new()
    {
        UnitCode = unitCode,
        ClassName = className,
        FirstName = "Ola",
        LastName = "Nowak",
        Pesel = Pesels[0],
        Email = PupilEmail,
    };
}
