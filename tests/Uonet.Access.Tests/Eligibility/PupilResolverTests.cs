using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Eligibility;

public sealed class PupilResolverTests
{
    private const string PupilEmail = "ola.nowak@uczen.example.pl";
    private const string MotherEmail = "anna.nowak@example.pl";
    private const string FatherEmail = "piotr.nowak@example.pl";

    [Fact]
    public async Task Resolve_PupilWithNamesPeselAndEmail_SeesThemself_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var visible = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        var pupil = Assert.Single(visible);
        Assert.Equal(record.Id, pupil.StudentId);
        Assert.Equal(PupilRelation.Self, pupil.Relation);
        Assert.Equal(Symbol, pupil.InstanceSymbol);
        Assert.Equal(Sp1, pupil.UnitCode);
        Assert.Equal("Szkoła Podstawowa nr 1", pupil.UnitName);
        Assert.Equal("4A", pupil.ClassName);
        Assert.Equal("Ola", pupil.FirstName);
        Assert.Equal("Nowak", pupil.LastName);
    }

    [Fact]
    public async Task Resolve_PupilWithoutPesel_SeesNobody_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", pesel: null, PupilEmail);

        var visible = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        Assert.Empty(visible);
    }

    [Theory]
    [InlineData("15220123450")] // wrong check digit
    [InlineData("15130100007")] // month 13: no such date
    [InlineData("1522012345")] // ten digits
    [InlineData("1522012345X")] // not all digits
    public async Task Resolve_PupilWithInvalidStoredPesel_SeesNobody_R1(string pesel)
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp1, "4A", "Ola", "Nowak", pesel, PupilEmail);

        var visible = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        Assert.Empty(visible);
    }

    [Theory]
    [InlineData("", "Nowak")]
    [InlineData("Ola", " ")]
    public async Task Resolve_PupilWithoutNameStoredDirectly_SeesNobody_R1(string first, string last)
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp1, "4A", first, last, Pesels[0], PupilEmail);

        var visible = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_PupilCompletedLater_SeesThemselfOnNextCall_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", pesel: null, PupilEmail);
        var before = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        // The class teacher of the pupil's class may complete the record (R1).
        var completed = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { Pesel = Pesels[0] });
        var after = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        Assert.Empty(before);
        Assert.True(completed.Succeeded, completed.ToString());
        Assert.Equal(PupilRelation.Self, Assert.Single(after).Relation);
    }

    [Fact]
    public async Task Resolve_GuardianWithNamesAndEmail_SeesChild_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        var pupil = Assert.Single(visible);
        Assert.Equal(record.Id, pupil.StudentId);
        Assert.Equal(PupilRelation.Mother, pupil.Relation);
        Assert.Equal("Ola", pupil.FirstName);
    }

    [Fact]
    public async Task Resolve_GuardianOfPupilWhoCannotSignIn_StillSeesChild_R2()
    {
        // R1 and R2 are independent: a child without PESEL or e-mail does not stop the parent.
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "1a", "Kuba", "Nowak", pesel: null, email: null, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Equal("Kuba", Assert.Single(visible).FirstName);
    }

    [Fact]
    public async Task Resolve_GuardianWithoutFirstName_SeesNobody_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail,
            new GuardianDetails { LastName = "Nowak", Email = MotherEmail, Relation = GuardianRelation.Mother });

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_GuardianWithoutLastName_SeesNobody_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail,
            new GuardianDetails { FirstName = "Anna", Email = MotherEmail, Relation = GuardianRelation.Mother });

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_GuardianEmailSameAsChildsStoredDirectly_SeesNobody_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp1, "4A", "Ola", "Nowak", pesel: null, PupilEmail,
            LegacyRecords.Guardian("Anna", "Nowak", PupilEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_GuardianEmailSameAsEligiblePupils_SeesChildOnlyAsThePupil_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp1, "4A", "Ola", "Nowak", Pesels[0], PupilEmail,
            LegacyRecords.Guardian("Anna", "Nowak", PupilEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, PupilEmail);

        Assert.Equal(PupilRelation.Self, Assert.Single(visible).Relation);
    }

    [Fact]
    public async Task Resolve_GuardianWithoutPeselWhereUnitRequiresIt_SeesNobody_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "2b", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_GuardianWithValidPeselWhereUnitRequiresIt_SeesChild_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "2b", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail, Pesels[4]));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        var pupil = Assert.Single(visible);
        Assert.Equal(Sp2, pupil.UnitCode);
        Assert.Equal(PupilRelation.Mother, pupil.Relation);
    }

    [Fact]
    public async Task Resolve_GuardianWithInvalidStoredPeselWhereUnitRequiresIt_SeesNobody_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp2, "2B", "Ola", "Nowak", Pesels[0], PupilEmail,
            LegacyRecords.Guardian("Anna", "Nowak", MotherEmail, pesel: "80010112341"));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_SameGuardianWithoutPeselInBothSchools_SeesOnlyChildOfSchoolNotRequiringIt_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], email: null, Guardian("Anna", "Nowak", MotherEmail));
        await school.AddStudentAsync(Sp2, "1c", "Kuba", "Nowak", Pesels[1], email: null, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        var pupil = Assert.Single(visible);
        Assert.Equal(Sp1, pupil.UnitCode);
        Assert.Equal("Ola", pupil.FirstName);
    }

    [Fact]
    public async Task Resolve_GuardianOfChildrenInTwoSchools_SeesAllOrderedByLastThenFirstName_R5()
    {
        await using var school = await TestSchool.CreateAsync();
        var guardian = "jan.kowalski@example.pl";
        await school.AddStudentAsync(Sp1, "4a", "Bartek", "Kowalski", Pesels[0], null, Guardian("Jan", "Kowalski", guardian, relation: GuardianRelation.Father));
        await school.AddStudentAsync(Sp2, "2b", "Adam", "Kowalski", Pesels[1], null, Guardian("Jan", "Kowalski", guardian, Pesels[4], GuardianRelation.Father));
        await school.AddStudentAsync(Sp1, "1a", "Zofia", "Adamczyk", Pesels[2], null, Guardian("Jan", "Kowalski", guardian, relation: GuardianRelation.LegalGuardian));
        await school.AddStudentAsync(Sp1, "3c", "Ewa", "Zielinska", Pesels[3], null, Guardian("Jan", "Kowalski", guardian, relation: GuardianRelation.Other));

        var visible = await school.Resolver.ResolveAsync(Symbol, guardian);

        Assert.Equal(
            [
                ("Adamczyk", "Zofia", Sp1, "Szkoła Podstawowa nr 1", "1A", PupilRelation.LegalGuardian),
                ("Kowalski", "Adam", Sp2, "Szkoła Podstawowa nr 2", "2B", PupilRelation.Father),
                ("Kowalski", "Bartek", Sp1, "Szkoła Podstawowa nr 1", "4A", PupilRelation.Father),
                ("Zielinska", "Ewa", Sp1, "Szkoła Podstawowa nr 1", "3C", PupilRelation.OtherGuardian),
            ],
            visible.Select(p => (p.LastName, p.FirstName, p.UnitCode, p.UnitName, p.ClassName, p.Relation)));
    }

    [Theory]
    [InlineData(GuardianRelation.Mother, PupilRelation.Mother)]
    [InlineData(GuardianRelation.Father, PupilRelation.Father)]
    [InlineData(GuardianRelation.LegalGuardian, PupilRelation.LegalGuardian)]
    [InlineData(GuardianRelation.Other, PupilRelation.OtherGuardian)]
    public async Task Resolve_GuardianRelationInRecord_IsReportedAsPupilRelation_R5(GuardianRelation relation, PupilRelation expected)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail, relation: relation));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Equal(expected, Assert.Single(visible).Relation);
    }

    [Fact]
    public async Task Resolve_ChildAddedLater_AppearsOnNextCall_R8()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));
        var before = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        await school.AddStudentAsync(Sp2, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail, Pesels[4]));
        var after = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Equal(["Ola"], before.Select(p => p.FirstName));
        Assert.Equal(["Kuba", "Ola"], after.Select(p => p.FirstName));
    }

    [Fact]
    public async Task Resolve_GuardianAddedToExistingRecordByClassTeacher_AppearsOnNextCall_R8()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null);

        var added = await school.Records.AddGuardianAsync(TeacherSp1Class4A, record.Id, Guardian("Piotr", "Nowak", FatherEmail, relation: GuardianRelation.Father));
        var visible = await school.Resolver.ResolveAsync(Symbol, FatherEmail);

        Assert.True(added.Succeeded, added.ToString());
        Assert.Equal(PupilRelation.Father, Assert.Single(visible).Relation);
    }

    [Fact]
    public async Task Resolve_GuardianRemovedFromOneRecord_ThatChildDisappears_R8()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));
        await school.AddStudentAsync(Sp1, "1b", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));

        var removed = await school.Records.RemoveGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id);
        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.True(removed.Succeeded, removed.ToString());
        Assert.Equal(["Kuba"], visible.Select(p => p.FirstName));
    }

    [Fact]
    public async Task Resolve_GuardianEmailChanged_VisibilityMovesToNewAddress_R8()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));
        const string newEmail = "anna.nowak@nowa-poczta.example.pl";

        var changed = await school.Records.UpdateGuardianAsync(SecretarySp1, record.Id, record.Guardians[0].Id, Guardian("Anna", "Nowak", newEmail));
        var oldAddress = await school.Resolver.ResolveAsync(Symbol, MotherEmail);
        var newAddress = await school.Resolver.ResolveAsync(Symbol, newEmail);

        Assert.True(changed.Succeeded, changed.ToString());
        Assert.Empty(oldAddress);
        Assert.Equal(record.Id, Assert.Single(newAddress).StudentId);
    }

    [Fact]
    public async Task Resolve_RecordInOtherInstance_IsNeverReturnedForSameEmail_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Lo1, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, MotherEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task Resolve_GuardianInTwoInstances_EachInstanceSeesOnlyItsOwnChild_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));
        var kuba = await school.AddStudentAsync(Lo1, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));

        var inGmina = await school.Resolver.ResolveAsync(Symbol, MotherEmail);
        var inPowiat = await school.Resolver.ResolveAsync(OtherSymbol, MotherEmail);

        var seenInGmina = Assert.Single(inGmina);
        Assert.Equal((ola.Id, Symbol), (seenInGmina.StudentId, seenInGmina.InstanceSymbol));
        var seenInPowiat = Assert.Single(inPowiat);
        Assert.Equal((kuba.Id, OtherSymbol, "I Liceum Ogólnokształcące"), (seenInPowiat.StudentId, seenInPowiat.InstanceSymbol, seenInPowiat.UnitName));
    }

    [Theory]
    [InlineData("  Anna.Nowak@Example.PL ")]
    [InlineData("ANNA.NOWAK@EXAMPLE.PL")]
    [InlineData("\tanna.nowak@example.pl\n")]
    public async Task Resolve_EmailTypedWithOtherCaseAndSpaces_ResolvesSameChild(string typed)
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", "Anna.Nowak@example.pl"));

        var visible = await school.Resolver.ResolveAsync(Symbol, typed);

        Assert.Equal(record.Id, Assert.Single(visible).StudentId);
    }

    [Fact]
    public async Task Resolve_SymbolTypedWithUpperCaseAndSpaces_ResolvesSameChild()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(" GminaWulkanowo ", MotherEmail);

        Assert.Equal(Symbol, Assert.Single(visible).InstanceSymbol);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anna.nowak")]
    [InlineData("anna nowak@example.pl")]
    [InlineData("anna@@example.pl")]
    [InlineData("anna@example")]
    public async Task Resolve_InvalidEmail_ReturnsEmptyWithoutException(string? email)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(Symbol, email!);

        Assert.Empty(visible);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("g")]
    [InlineData("gmina wulkanowo")]
    [InlineData("-gminawulkanowo")]
    [InlineData("gminawulkanowo/")]
    [InlineData("nieznanagmina")]
    public async Task Resolve_InvalidOrUnknownSymbol_ReturnsEmptyWithoutException(string? symbol)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var visible = await school.Resolver.ResolveAsync(symbol!, MotherEmail);

        Assert.Empty(visible);
    }

    [Fact]
    public async Task IsEligible_AddressSeeingAChild_IsTrue_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        Assert.True(await school.Resolver.IsEligibleAsync(Symbol, MotherEmail));
        Assert.True(await school.Resolver.IsEligibleAsync(Symbol, PupilEmail));
    }

    [Fact]
    public async Task IsEligible_AddressSeeingNobody_IsFalse_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "2b", "Ola", "Nowak", pesel: null, PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        Assert.False(await school.Resolver.IsEligibleAsync(Symbol, MotherEmail)); // SP2 needs the guardian's PESEL
        Assert.False(await school.Resolver.IsEligibleAsync(Symbol, PupilEmail)); // no PESEL of the pupil
        Assert.False(await school.Resolver.IsEligibleAsync(Symbol, FatherEmail)); // in no record
        Assert.False(await school.Resolver.IsEligibleAsync(OtherSymbol, MotherEmail)); // other instance
        Assert.False(await school.Resolver.IsEligibleAsync(Symbol, "not-an-email"));
    }
}
