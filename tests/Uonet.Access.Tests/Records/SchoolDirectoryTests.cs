using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records;

/// <summary>Provisioning of instances (R6), units and staff roles.</summary>
public sealed class SchoolDirectoryTests
{
    private const string Url = "https://uonetplus.example.pl/nowa/";

    [Fact]
    public async Task AddInstance_Valid_NormalizesSymbolAndName()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddInstanceAsync(" GminaNowa-2 ", "  Gmina   Nowa ", " " + Url);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(("gminanowa-2", "Gmina Nowa", new Uri(Url)), (result.Value.Symbol, result.Value.Name, result.Value.BaseUrl));
        Assert.Equal(result.Value, await school.Directory.FindInstanceAsync("GMINANOWA-2"));
    }

    [Theory]
    [InlineData("a")] // too short
    [InlineData("-gmina")]
    [InlineData("gmina-")]
    [InlineData("gmina_nowa")]
    [InlineData("gmina nowa")]
    [InlineData("gminażółw")]
    [InlineData("")]
    public async Task AddInstance_InvalidSymbol_IsInstanceSymbolInvalid(string symbol)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddInstanceAsync(symbol, "Gmina Nowa", Url);

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.InstanceSymbolInvalid, "symbol"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddInstance_SymbolOf65Characters_IsInstanceSymbolInvalid()
    {
        await using var school = await TestSchool.CreateAsync();

        var ok = await school.Directory.AddInstanceAsync(new string('a', 64), "Gmina Nowa", Url);
        var tooLong = await school.Directory.AddInstanceAsync(new string('b', 65), "Gmina Nowa", Url);

        Assert.True(ok.Succeeded, ok.ToString());
        Assert.Equal(AccessErrorCodes.InstanceSymbolInvalid, Assert.Single(tooLong.Errors).Code);
    }

    [Theory]
    [InlineData("/gminanowa/")] // relative
    [InlineData("uonetplus.example.pl/gminanowa")] // no scheme
    [InlineData("ftp://uonetplus.example.pl/gminanowa/")]
    [InlineData("https://admin:secret@uonetplus.example.pl/gminanowa/")] // credentials in the address
    [InlineData("https://admin@uonetplus.example.pl/gminanowa/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task AddInstance_InvalidBaseUrl_IsInstanceBaseUrlInvalid(string baseUrl)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddInstanceAsync("gminanowa", "Gmina Nowa", baseUrl);

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.InstanceBaseUrlInvalid, "baseUrl"), (error.Code, error.Field));
        Assert.Null(await school.Directory.FindInstanceAsync("gminanowa"));
    }

    [Fact]
    public async Task AddInstance_HttpBaseUrl_IsAccepted()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddInstanceAsync("gminanowa", "Gmina Nowa", "http://localhost:8080/gminanowa/");

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task AddInstance_EverythingInvalid_ReportsEveryError()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddInstanceAsync("x", " ", "ftp://x");

        Assert.Equal(
            [(AccessErrorCodes.InstanceSymbolInvalid, "symbol"), (AccessErrorCodes.FieldRequired, "name"), (AccessErrorCodes.InstanceBaseUrlInvalid, "baseUrl")],
            result.Errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public async Task AddInstance_ExistingSymbolInAnotherCase_IsInstanceAlreadyExists()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddInstanceAsync("GminaWulkanowo", "Inna gmina", Url);

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.InstanceAlreadyExists, "symbol"), (error.Code, error.Field));
        Assert.Equal("Gmina Wulkanowo", (await school.Directory.FindInstanceAsync(Symbol))!.Name);
    }

    [Fact]
    public async Task ListInstances_ListsTheSeededInstances()
    {
        await using var school = await TestSchool.CreateAsync();

        var instances = await school.Directory.ListInstancesAsync();

        Assert.Equal([Symbol, OtherSymbol], instances.Select(i => i.Symbol).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddUnit_Valid_StoresUpperCaseCode()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddUnitAsync(Symbol, " zs_3-b ", "Zespół Szkół nr 3", requireGuardianPesel: true);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(new SchoolUnit(Symbol, "ZS_3-B", "Zespół Szkół nr 3", true), result.Value);
        Assert.Equal([Sp1, Sp2, "ZS_3-B"], (await school.Directory.ListUnitsAsync(Symbol)).Value.Select(u => u.Code));
    }

    [Theory]
    [InlineData("SP 3")]
    [InlineData("SP3!")]
    [InlineData("SP3.1")]
    [InlineData("SPŁ3")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")] // 33 characters
    public async Task AddUnit_InvalidCode_IsUnitCodeInvalid(string code)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddUnitAsync(Symbol, code, "Szkoła");

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.UnitCodeInvalid, "unitCode"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddUnit_ExistingCodeInAnotherCase_IsUnitAlreadyExists()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddUnitAsync(Symbol, "sp1", "Inna szkoła");

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.UnitAlreadyExists, "unitCode"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AddUnit_SameCodeInAnotherInstance_IsAccepted_R6()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddUnitAsync(OtherSymbol, Sp1, "Szkoła Podstawowa nr 1 w powiecie");

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task AddUnit_UnknownInstance_IsInstanceNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AddUnitAsync("gminanieznana", "SP1", "Szkoła");

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.InstanceNotFound, "symbol"), (error.Code, error.Field));
    }

    [Fact]
    public async Task UpdateUnit_ChangesNameAndGuardianPeselPolicy_R2()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.UpdateUnitAsync(Symbol, "sp1", " Szkoła Podstawowa im. Kopernika ", requireGuardianPesel: true);

        Assert.True(result.Succeeded, result.ToString());
        var stored = (await school.Directory.ListUnitsAsync(Symbol)).Value.Single(u => u.Code == Sp1);
        Assert.Equal(new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa im. Kopernika", true), stored);
    }

    [Fact]
    public async Task UpdateUnit_UnknownUnit_IsUnitNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.UpdateUnitAsync(Symbol, "SP9", "Szkoła", requireGuardianPesel: false);

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.UnitNotFound, "unitCode"), (error.Code, error.Field));
    }

    [Fact]
    public async Task UpdateUnit_InvalidCodeAndBlankName_ReportsBoth()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.UpdateUnitAsync(Symbol, "SP 1", "", requireGuardianPesel: false);

        Assert.Equal([(AccessErrorCodes.UnitCodeInvalid, "unitCode"), (AccessErrorCodes.FieldRequired, "name")], result.Errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public async Task ListUnits_UnknownInstance_IsInstanceNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.ListUnitsAsync("gminanieznana");

        Assert.Equal(AccessErrorCodes.InstanceNotFound, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [MemberData(nameof(InvalidAssignments))]
    public async Task AssignStaff_InvalidAssignment_IsStaffAssignmentInvalid(StaffAssignment assignment, string field)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AssignStaffAsync(Symbol, "nowy@sp1.edu.pl", "Nowy Pracownik", assignment);

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.StaffAssignmentInvalid, field), (error.Code, error.Field));
        Assert.Null(await school.Directory.FindStaffAsync(Symbol, "nowy@sp1.edu.pl"));
    }

    public static TheoryData<StaffAssignment, string> InvalidAssignments() => new()
    {
        { new StaffAssignment(StaffRole.ClassTeacher, Sp1), "className" }, // class teacher without a class
        { new StaffAssignment(StaffRole.ClassTeacher, Sp1, " "), "className" },
        { new StaffAssignment(StaffRole.ClassTeacher, null, "4a"), "unitCode" },
        { new StaffAssignment(StaffRole.Administrator, Sp1), "unitCode" }, // an administrator has no unit
        { new StaffAssignment(StaffRole.Administrator, null, "4a"), "unitCode" },
        { new StaffAssignment(StaffRole.Secretary, Sp1, "4a"), "className" }, // a secretary has no class
        { new StaffAssignment(StaffRole.Secretary), "unitCode" },
        { new StaffAssignment((StaffRole)99, Sp1), "role" },
    };

    [Theory]
    [InlineData(StaffRole.Secretary, null)]
    [InlineData(StaffRole.ClassTeacher, "4a")]
    public async Task AssignStaff_UnknownUnit_IsUnitNotFound(StaffRole role, string? className)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AssignStaffAsync(Symbol, "nowy@sp1.edu.pl", "Nowy Pracownik", new StaffAssignment(role, "SP9", className));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.UnitNotFound, "unitCode"), (error.Code, error.Field));
    }

    [Fact]
    public async Task AssignStaff_UnitOfAnotherInstance_IsUnitNotFound_R6()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AssignStaffAsync(Symbol, "nowy@sp1.edu.pl", "Nowy Pracownik", new StaffAssignment(StaffRole.Secretary, Lo1));

        Assert.Equal(AccessErrorCodes.UnitNotFound, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task AssignStaff_UnknownInstanceInvalidEmailAndBlankName_ReportsEveryError()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Directory.AssignStaffAsync("gminanieznana", "nowy.sp1.edu.pl", " ", new StaffAssignment(StaffRole.Administrator));

        Assert.Equal(
            [(AccessErrorCodes.InstanceNotFound, "symbol"), (AccessErrorCodes.EmailFormat, "email"), (AccessErrorCodes.FieldRequired, "displayName")],
            result.Errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public async Task AssignStaff_TwoRoles_Accumulate()
    {
        await using var school = await TestSchool.CreateAsync();

        await school.Directory.AssignStaffAsync(Symbol, "Nowy@SP1.edu.pl", "Nowy Pracownik", new StaffAssignment(StaffRole.Secretary, "sp1"));
        var second = await school.Directory.AssignStaffAsync(Symbol, "nowy@sp1.edu.pl", "Nowy Pracownik", new StaffAssignment(StaffRole.ClassTeacher, "sp2", "1b"));

        Assert.True(second.Succeeded, second.ToString());
        var expected = new[] { new StaffAssignment(StaffRole.Secretary, Sp1), new StaffAssignment(StaffRole.ClassTeacher, Sp2, "1B") };
        Assert.Equal(expected, second.Value.Assignments);
        var stored = await school.Directory.FindStaffAsync(Symbol, "NOWY@sp1.edu.pl");
        Assert.Equal(expected, stored!.Assignments);
        Assert.Equal("nowy@sp1.edu.pl", stored.Email);
        Assert.True(stored.Has(StaffRole.Secretary) && stored.Has(StaffRole.ClassTeacher) && !stored.Has(StaffRole.Administrator));
    }

    [Fact]
    public async Task AssignStaff_SameRoleTwice_IsStoredOnce()
    {
        await using var school = await TestSchool.CreateAsync();

        var again = await school.Directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Jan Wychowawca", new StaffAssignment(StaffRole.ClassTeacher, "sp1", " 4A "));

        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal([new StaffAssignment(StaffRole.ClassTeacher, Sp1, "4A")], again.Value.Assignments);
    }

    [Fact]
    public async Task AssignStaff_SecretaryRoleAddedToClassTeacher_LetsThemEnterRecords_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var student = new NewStudent { UnitCode = Sp1, ClassName = "4a", FirstName = "Ola", LastName = "Nowak" };
        var before = await school.Records.AddStudentAsync(TeacherSp1Class4A, student);

        await school.Directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Jan Wychowawca", new StaffAssignment(StaffRole.Secretary, Sp1));
        var after = await school.Records.AddStudentAsync(TeacherSp1Class4A, student);

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(before.Errors).Code);
        Assert.True(after.Succeeded, after.ToString());
    }

    [Fact]
    public async Task FindStaff_SameEmailInAnotherInstance_IsNotFound_R6()
    {
        await using var school = await TestSchool.CreateAsync();

        Assert.Null(await school.Directory.FindStaffAsync(OtherSymbol, SecretarySp1.Email));
        Assert.Null(await school.Directory.FindStaffAsync("x", SecretarySp1.Email));
        Assert.NotNull(await school.Directory.FindStaffAsync(Symbol, SecretarySp1.Email));
    }
}
