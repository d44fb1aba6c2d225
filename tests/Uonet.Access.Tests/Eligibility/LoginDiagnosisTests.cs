using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Eligibility;

public sealed class LoginDiagnosisTests
{
    private const string PupilEmail = "ola.nowak@uczen.example.pl";
    private const string MotherEmail = "anna.nowak@example.pl";
    private const string Sp1Name = "Szkoła Podstawowa nr 1";
    private const string Sp2Name = "Szkoła Podstawowa nr 2";

    private static readonly CultureInfo Polish = CultureInfo.GetCultureInfo("pl-PL");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    [Fact]
    public async Task Diagnose_EligiblePupil_ReportsEligibleUnderR1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.True(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.Eligible, "R1", DiagnosisRole.Student, blocking: false);
        Assert.Equal(record.Id, finding.StudentId);
        Assert.Equal("Ola Nowak", finding.PupilName);
        Assert.Equal((Sp1, Sp1Name, "4A"), (finding.UnitCode, finding.UnitName, finding.ClassName));
        Assert.Equal(FixAuthorityKind.Nobody, finding.FixedBy.Kind);
        Assert.Equal("none", finding.FixedBy.Role);
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["może się logować"], ["can sign in"]);
        AssertTexts(finding.FixedBy.Describe(Polish), finding.FixedBy.Describe(English), ["nic nie trzeba"], ["nothing needs fixing"]);
    }

    [Fact]
    public async Task Diagnose_EligibleGuardian_ReportsEligibleUnderR5()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.True(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.Eligible, "R5", DiagnosisRole.Guardian, blocking: false);
        Assert.Equal(FixAuthorityKind.Nobody, finding.FixedBy.Kind);
        Assert.Null(finding.FixedBy.UnitName);
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["widzi tego ucznia"], ["sees this pupil"]);
    }

    [Fact]
    public async Task Diagnose_PupilWithoutNameStoredDirectly_ReportsStudentNameMissing_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp1, "4A", "", "Nowak", Pesels[0], PupilEmail);

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.StudentNameMissing, "R1", DiagnosisRole.Student, blocking: true);
        AssertFixedBySecretaryOrClassTeacher(finding, Sp1, Sp1Name, "4A");
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["imienia lub nazwiska", "R1"], ["first or last name", "R1"]);
    }

    [Fact]
    public async Task Diagnose_PupilWithoutPesel_ReportsStudentPeselMissing_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", pesel: null, PupilEmail);

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.StudentPeselMissing, "R1", DiagnosisRole.Student, blocking: true);
        AssertFixedBySecretaryOrClassTeacher(finding, Sp1, Sp1Name, "4A");
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["brakuje numeru PESEL", "R1"], ["has no PESEL", "R1"]);
    }

    [Fact]
    public async Task Diagnose_PupilWithInvalidStoredPesel_ReportsStudentPeselInvalid_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp2, "1B", "Ola", "Nowak", "15220123450", PupilEmail);

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.StudentPeselInvalid, "R1", DiagnosisRole.Student, blocking: true);
        AssertFixedBySecretaryOrClassTeacher(finding, Sp2, Sp2Name, "1B");
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["PESEL", "błędny", "R1"], ["PESEL", "invalid", "R1"]);
    }

    [Fact]
    public async Task Diagnose_GuardianWithoutFirstName_ReportsGuardianNameMissing_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null,
            new GuardianDetails { LastName = "Nowak", Email = MotherEmail, Relation = GuardianRelation.Mother });

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.GuardianNameMissing, "R2", DiagnosisRole.Guardian, blocking: true);
        AssertFixedBySecretaryOrClassTeacher(finding, Sp1, Sp1Name, "4A");
        Assert.Equal("Ola Nowak", finding.PupilName);
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["rodzica/opiekuna", "R2"], ["guardian", "R2"]);
    }

    [Fact]
    public async Task Diagnose_GuardianEmailSameAsPupilsStoredDirectly_ReportsGuardianEmailSameAsStudent_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp1, "4A", "Ola", "Nowak", pesel: null, PupilEmail,
            LegacyRecords.Guardian("Anna", "Nowak", PupilEmail));

        var report = await DiagnoseAsync(school, PupilEmail);

        // The address is both the pupil's and the guardian's: one finding per role, both blocking.
        Assert.False(report.CanSignIn);
        Assert.Equal(
            [(DiagnosisRole.Student, DiagnosisCodes.StudentPeselMissing), (DiagnosisRole.Guardian, DiagnosisCodes.GuardianEmailSameAsStudent)],
            report.Findings.Select(f => (f.Role, f.Code)));
        var finding = report.Findings[1];
        AssertFinding(finding, DiagnosisCodes.GuardianEmailSameAsStudent, "R2", DiagnosisRole.Guardian, blocking: true);
        AssertFixedBySecretaryOrClassTeacher(finding, Sp1, Sp1Name, "4A");
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["taki sam jak adres ucznia", "R2"], ["same as the pupil's", "R2"]);
    }

    [Fact]
    public async Task Diagnose_GuardianWithoutPeselWhereUnitRequiresIt_ReportsGuardianPeselRequired_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "3c", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.GuardianPeselRequired, "R2", DiagnosisRole.Guardian, blocking: true);
        AssertFixedBySecretaryOrClassTeacher(finding, Sp2, Sp2Name, "3C");
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["wymaga numeru PESEL", "R2"], ["requires the guardian's PESEL", "R2"]);
    }

    [Fact]
    public async Task Diagnose_GuardianWithInvalidStoredPeselWhereUnitRequiresIt_ReportsGuardianPeselRequired_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp2, "3C", "Ola", "Nowak", Pesels[0], null,
            LegacyRecords.Guardian("Anna", "Nowak", MotherEmail, pesel: "80010112341"));

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.Equal(DiagnosisCodes.GuardianPeselRequired, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public async Task Diagnose_AddressOnlyInOtherInstance_ReportsOtherInstanceOnly_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Lo1, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.OtherInstanceOnly, "R6", DiagnosisRole.None, blocking: true);
        Assert.Null(finding.StudentId);
        Assert.Null(finding.PupilName);
        Assert.Equal(FixAuthorityKind.OtherInstance, finding.FixedBy.Kind);
        Assert.Equal([OtherSymbol], finding.FixedBy.Instances);
        Assert.Null(finding.FixedBy.UnitName);
        Assert.Null(finding.FixedBy.ClassName);
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["/powiatwulkanowy/", "R6"], ["/powiatwulkanowy/", "R6"]);
        AssertTexts(finding.FixedBy.Describe(Polish), finding.FixedBy.Describe(English), ["szkoła pod adresem /powiatwulkanowy/"], ["the school at /powiatwulkanowy/"]);
    }

    [Fact]
    public async Task Diagnose_AddressInNoRecordAnywhere_ReportsAddressUnknown_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, "anna.nowak@literowka.example.pl");

        Assert.False(report.CanSignIn);
        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.AddressUnknown, "R3", DiagnosisRole.None, blocking: true);
        Assert.Null(finding.StudentId);
        Assert.Equal(FixAuthorityKind.Secretary, finding.FixedBy.Kind);
        Assert.Null(finding.FixedBy.UnitName);
        Assert.Empty(finding.FixedBy.Instances);
        AssertTexts(finding.Describe(Polish), finding.Describe(English), ["nie ma w żadnej kartotece", "R3"], ["in no record", "R3"]);
        AssertTexts(finding.FixedBy.Describe(Polish), finding.FixedBy.Describe(English), ["sekretarz"], ["secretary"]);
    }

    [Fact]
    public async Task Diagnose_RevealOtherInstancesOff_ReportsAddressUnknownInsteadOfOtherInstance_R6()
    {
        await using var school = await TestSchool.CreateAsync(o => o.Diagnosis.RevealOtherInstances = false);
        await school.AddStudentAsync(Lo1, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, MotherEmail);

        var finding = Assert.Single(report.Findings);
        AssertFinding(finding, DiagnosisCodes.AddressUnknown, "R3", DiagnosisRole.None, blocking: true);
        Assert.Equal(FixAuthorityKind.Secretary, finding.FixedBy.Kind);
        Assert.Empty(finding.FixedBy.Instances);
        Assert.DoesNotContain(OtherSymbol, finding.Describe(Polish), StringComparison.Ordinal);
        Assert.DoesNotContain(OtherSymbol, finding.FixedBy.Describe(English), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_AddressInThisAndOtherInstance_ReportsOnlyThisInstancesRecords_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));
        await school.AddStudentAsync(Lo1, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, MotherEmail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((DiagnosisCodes.Eligible, Sp1), (finding.Code, finding.UnitCode));
    }

    [Fact]
    public async Task Diagnose_GuardianWithSeveralBlockers_ReportsEachAsOwnFinding_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await LegacyRecords.InsertAsync(school, Sp2, "2B", "Ola", "Nowak", Pesels[0], MotherEmail,
            LegacyRecords.Guardian(null, "Nowak", MotherEmail, pesel: null));

        var report = await DiagnoseAsync(school, MotherEmail);

        // The pupil's own finding comes first and is independent of the guardian's (R1 holds for the pupil).
        Assert.Equal((DiagnosisRole.Student, DiagnosisCodes.Eligible), (report.Findings[0].Role, report.Findings[0].Code));
        var guardianFindings = report.Findings.Where(f => f.Role == DiagnosisRole.Guardian).ToList();
        Assert.Equal(
            [DiagnosisCodes.GuardianNameMissing, DiagnosisCodes.GuardianEmailSameAsStudent, DiagnosisCodes.GuardianPeselRequired],
            guardianFindings.Select(f => f.Code));
        Assert.All(guardianFindings, f =>
        {
            Assert.Equal("R2", f.Rule);
            Assert.True(f.Blocking);
            Assert.Equal(FixAuthorityKind.SecretaryOrClassTeacher, f.FixedBy.Kind);
        });
    }

    [Fact]
    public async Task Diagnose_GuardianMissingNameAndPeselEnteredThroughService_ReportsBothBlockers_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "2b", "Ola", "Nowak", Pesels[0], null,
            new GuardianDetails { LastName = "Nowak", Email = MotherEmail, Relation = GuardianRelation.Mother });

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.False(report.CanSignIn);
        Assert.Equal([DiagnosisCodes.GuardianNameMissing, DiagnosisCodes.GuardianPeselRequired], report.Findings.Select(f => f.Code));
    }

    [Fact]
    public async Task Diagnose_EligibleInOneSchoolBlockedInAnother_CanSignInAndListsBoth_R5()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail));
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var report = await DiagnoseAsync(school, MotherEmail);

        Assert.True(report.CanSignIn);
        Assert.Equal(
            [(Sp1, DiagnosisCodes.Eligible, false), (Sp2, DiagnosisCodes.GuardianPeselRequired, true)],
            report.Findings.Select(f => (f.UnitCode, f.Code, f.Blocking)));
    }

    [Fact]
    public async Task Diagnose_FixedByOfRecordFinding_NamesTheSchoolAndClassInBothLanguages()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", pesel: null, PupilEmail);

        var report = await DiagnoseAsync(school, PupilEmail);

        var fixedBy = Assert.Single(report.Findings).FixedBy;
        Assert.Equal("secretary-or-class-teacher", fixedBy.Role);
        AssertTexts(fixedBy.Describe(Polish), fixedBy.Describe(English),
            ["sekretarz szkoły", Sp1Name, "wychowawca klasy", "4A"],
            ["the secretary of " + Sp1Name, "class teacher", "4A"]);
    }

    [Fact]
    public async Task Diagnose_EmailTypedWithCaseAndSpaces_ReportsNormalizedAddressAndInstance()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Diagnosis.DiagnoseAsync(new StaffActor(" GMINAWULKANOWO ", " Sekretariat@SP1.edu.pl "), "  Anna.NOWAK@Example.pl ");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal((MotherEmail, Symbol, true), (result.Value.Email, result.Value.InstanceSymbol, result.Value.CanSignIn));
    }

    [Fact]
    public async Task Diagnose_AskedByClassTeacherOrAdministrator_AnyStaffOfInstanceMayAsk()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp2, "1a", "Kuba", "Nowak", Pesels[1], null, Guardian("Anna", "Nowak", MotherEmail, Pesels[4]));

        var byTeacher = await school.Diagnosis.DiagnoseAsync(TeacherSp1Class4A, MotherEmail);
        var byAdministrator = await school.Diagnosis.DiagnoseAsync(Administrator, MotherEmail);

        Assert.Equal(DiagnosisCodes.Eligible, Assert.Single(byTeacher.Value.Findings).Code);
        Assert.Equal(DiagnosisCodes.Eligible, Assert.Single(byAdministrator.Value.Findings).Code);
    }

    [Theory]
    [InlineData(Symbol, "rodzic@example.pl")] // not staff anywhere
    [InlineData(Symbol, "sekretariat@lo1.edu.pl")] // staff of the other instance only
    [InlineData("nieznanagmina", "sekretariat@sp1.edu.pl")]
    [InlineData(Symbol, "sekretariat")]
    public async Task Diagnose_ActorNotStaffOfInstance_ReturnsStaffNotFound(string symbol, string email)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Diagnosis.DiagnoseAsync(new StaffActor(symbol, email), MotherEmail);

        Assert.False(result.Succeeded);
        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Diagnose_ActorWithMalformedSymbol_ReturnsInstanceSymbolInvalidLikeRecordChanges()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Diagnosis.DiagnoseAsync(new StaffActor("Gmina Wulkanowo", "sekretariat@sp1.edu.pl"), MotherEmail);

        Assert.Equal(AccessErrorCodes.InstanceSymbolInvalid, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("", AccessErrorCodes.EmailRequired)]
    [InlineData("   ", AccessErrorCodes.EmailRequired)]
    [InlineData("anna.nowak", AccessErrorCodes.EmailFormat)]
    [InlineData("anna@@example.pl", AccessErrorCodes.EmailFormat)]
    [InlineData("anna..nowak@example.pl", AccessErrorCodes.EmailLocalPartInvalid)]
    [InlineData("anna@localhost", AccessErrorCodes.EmailDomainInvalid)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.pl", AccessErrorCodes.EmailTooLong)]
    public async Task Diagnose_InvalidEmail_ReturnsItsEmailCode(string email, string expectedCode)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Diagnosis.DiagnoseAsync(SecretarySp1, email);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((expectedCode, "email"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Diagnose_AddressWithoutAccount_NoAccountNoLockNoSignIns()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.Equal(new SignInState(false, null, null, null), report.SignIns);
    }

    [Fact]
    public async Task Diagnose_AfterASignInAndFiveWrongPasswords_ShowsTheLockAndTheLastSignInAndFailure_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        await Credentials.Workflows.Flow.SetPasswordAsync(school.Services, PupilEmail);
        await Credentials.Workflows.Flow.SignInAsync(school.Services, PupilEmail);
        var signedInAt = school.Time.GetUtcNow();
        school.Time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++)
        {
            await Credentials.Workflows.Flow.TrySignInAsync(school.Services, PupilEmail, "zle haslo numer " + i);
        }

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.True(report.SignIns.HasAccount);
        Assert.Equal(school.Time.GetUtcNow().AddMinutes(5), report.SignIns.LockedUntil);
        Assert.Equal(signedInAt, report.SignIns.LastSignInAt);
        Assert.Equal(school.Time.GetUtcNow(), report.SignIns.LastFailedSignInAt);
    }

    [Fact]
    public async Task Diagnose_LinkRequested_ShowsItPendingWithItsTimesButNeverTheLink_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        var sentAt = school.Time.GetUtcNow();
        var token = await Credentials.Workflows.Flow.RequestTokenAsync(school.Services, PupilEmail);
        school.Time.Advance(TimeSpan.FromMinutes(10));

        var report = await DiagnoseAsync(school, PupilEmail);

        Assert.True(report.SignIns.LinkPending);
        Assert.Equal(sentAt, report.SignIns.LinkSentAt);
        Assert.Equal(sentAt + school.Services.GetRequiredService<IOptions<UonetAccessOptions>>().Value.AccessLinks.TokenLifetime, report.SignIns.LinkValidUntil);
        Assert.False(report.SignIns.HasAccount);
        Assert.DoesNotContain(token, System.Text.Json.JsonSerializer.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_LinkUsedOrExpired_NothingPending_R3_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        await school.AddStudentAsync(Sp1, "4b", "Jan", "Lis", Pesels[1], "jan.lis@uczen.example.pl");
        await Credentials.Workflows.Flow.SetPasswordAsync(school.Services, PupilEmail);
        await Credentials.Workflows.Flow.RequestTokenAsync(school.Services, "jan.lis@uczen.example.pl");
        var lifetime = school.Services.GetRequiredService<IOptions<UonetAccessOptions>>().Value.AccessLinks.TokenLifetime;
        school.Time.Advance(lifetime);

        var used = await DiagnoseAsync(school, PupilEmail);
        var expired = await DiagnoseAsync(school, "jan.lis@uczen.example.pl");

        Assert.Equal((false, null, null), (used.SignIns.LinkPending, used.SignIns.LinkSentAt, used.SignIns.LinkValidUntil));
        Assert.Equal((false, null, null), (expired.SignIns.LinkPending, expired.SignIns.LinkSentAt, expired.SignIns.LinkValidUntil));
    }

    private static async Task<LoginDiagnosisReport> DiagnoseAsync(TestSchool school, string email)
    {
        var result = await school.Diagnosis.DiagnoseAsync(SecretarySp1, email);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    private static void AssertFinding(DiagnosisFinding finding, string code, string rule, DiagnosisRole role, bool blocking) =>
        Assert.Equal((code, rule, role, blocking), (finding.Code, finding.Rule, finding.Role, finding.Blocking));

    private static void AssertFixedBySecretaryOrClassTeacher(DiagnosisFinding finding, string unitCode, string unitName, string className)
    {
        Assert.Equal(
            (FixAuthorityKind.SecretaryOrClassTeacher, unitCode, unitName, className),
            (finding.FixedBy.Kind, finding.FixedBy.UnitCode, finding.FixedBy.UnitName, finding.FixedBy.ClassName));
        var polish = finding.FixedBy.Describe(Polish);
        var english = finding.FixedBy.Describe(English);
        Assert.Contains(unitName, polish, StringComparison.Ordinal);
        Assert.Contains(className, polish, StringComparison.Ordinal);
        Assert.Contains(unitName, english, StringComparison.Ordinal);
        Assert.Contains(className, english, StringComparison.Ordinal);
    }

    /// <summary>Each text holds its fragments, and the two languages differ (no English fallback in Polish).</summary>
    private static void AssertTexts(string polish, string english, string[] polishFragments, string[] englishFragments)
    {
        Assert.NotEqual(polish, english);
        Assert.All(polishFragments, f => Assert.Contains(f, polish, StringComparison.Ordinal));
        Assert.All(englishFragments, f => Assert.Contains(f, english, StringComparison.Ordinal));
    }
}
