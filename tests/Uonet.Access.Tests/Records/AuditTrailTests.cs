using System.Text.Json;
using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records;

/// <summary>Every change to a record names its actor (R1, R2): one entry per change, field by field, PESEL masked.</summary>
public sealed class AuditTrailTests
{
    private const string PupilEmail = "ola.nowak@uczen.example.pl";
    private const string MotherEmail = "anna.nowak@example.pl";

    [Fact]
    public async Task AddStudent_WritesOneEntryWithActorTimeAndEveryField_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));
        var g = $"guardian[{record.Guardians[0].Id:N}].";

        var audit = await school.Records.ListAuditAsync(SecretarySp1, record.Id);

        var entry = Assert.Single(audit.Value);
        Assert.Equal((Symbol, SecretarySp1.Email, AuditAction.StudentAdded, record.Id), (entry.InstanceSymbol, entry.Actor, entry.Action, entry.StudentId));
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero), entry.OccurredAt);
        Assert.Equal(
            [
                new AuditChange("unitCode", null, "SP1"),
                new AuditChange("className", null, "4A"),
                new AuditChange("firstName", null, "Ola"),
                new AuditChange("lastName", null, "Nowak"),
                new AuditChange("pesel", null, "•••••••3459"),
                new AuditChange("email", null, PupilEmail),
                new AuditChange(g + "firstName", null, "Anna"),
                new AuditChange(g + "lastName", null, "Nowak"),
                new AuditChange(g + "email", null, MotherEmail),
                new AuditChange(g + "relation", null, "Mother"),
            ],
            entry.Changes);
    }

    [Fact]
    public async Task UpdateStudent_ByClassTeacher_NamesTheTeacherAndOnlyTheChangedField_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        school.Time.Advance(TimeSpan.FromMinutes(42));

        await school.Records.UpdateStudentAsync(new StaffActor(Symbol, "Wychowawca4A@SP1.edu.pl"), record.Id, new StudentChanges { FirstName = "Ala", LastName = "Nowak" });

        var entry = (await school.Records.ListAuditAsync(SecretarySp1, record.Id)).Value[0];
        Assert.Equal((TeacherSp1Class4A.Email, AuditAction.StudentChanged), (entry.Actor, entry.Action));
        Assert.Equal(school.Time.GetUtcNow(), entry.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 8, 12, 0, TimeSpan.Zero), entry.OccurredAt);
        Assert.Equal([new AuditChange("firstName", "Ola", "Ala")], entry.Changes);
    }

    [Fact]
    public async Task GuardianChanges_WriteOneEntryEach_NewestFirst_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        school.Time.Advance(TimeSpan.FromMinutes(1));
        var added = (await school.Records.AddGuardianAsync(TeacherSp1Class4A, record.Id, Guardian("Anna", "Nowak", MotherEmail))).Value;
        school.Time.Advance(TimeSpan.FromMinutes(1));
        await school.Records.UpdateGuardianAsync(SecretarySp1, record.Id, added.Id, Guardian("Anna", "Kowalska", MotherEmail));
        school.Time.Advance(TimeSpan.FromMinutes(1));
        await school.Records.RemoveGuardianAsync(TeacherSp1Class4A, record.Id, added.Id);
        var g = $"guardian[{added.Id:N}].";

        var audit = (await school.Records.ListAuditAsync(SecretarySp1, record.Id)).Value;

        Assert.Equal(
            [AuditAction.GuardianRemoved, AuditAction.GuardianChanged, AuditAction.GuardianAdded, AuditAction.StudentAdded],
            audit.Select(e => e.Action));
        Assert.Equal(
            [TeacherSp1Class4A.Email, SecretarySp1.Email, TeacherSp1Class4A.Email, SecretarySp1.Email],
            audit.Select(e => e.Actor));
        var start = new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero);
        Assert.Equal([start.AddMinutes(3), start.AddMinutes(2), start.AddMinutes(1), start], audit.Select(e => e.OccurredAt));
        Assert.Equal(
            [new AuditChange(g + "firstName", null, "Anna"), new AuditChange(g + "lastName", null, "Nowak"), new AuditChange(g + "email", null, MotherEmail), new AuditChange(g + "relation", null, "Mother")],
            audit[2].Changes);
        Assert.Equal([new AuditChange(g + "lastName", "Nowak", "Kowalska")], audit[1].Changes);
        Assert.Equal(
            [new AuditChange(g + "firstName", "Anna", null), new AuditChange(g + "lastName", "Kowalska", null), new AuditChange(g + "email", MotherEmail, null), new AuditChange(g + "relation", "Mother", null)],
            audit[0].Changes);
    }

    [Fact]
    public async Task UpdateStudent_NothingChanged_WritesNoEntry()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = "Ola", Pesel = " " + Pesels[0], Email = PupilEmail.ToUpperInvariant() });
        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges());

        var audit = (await school.Records.ListAuditAsync(SecretarySp1, record.Id)).Value;
        Assert.Equal(AuditAction.StudentAdded, Assert.Single(audit).Action);
    }

    [Fact]
    public async Task UpdateGuardian_SameData_WritesNoEntry()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail));

        var result = await school.Records.UpdateGuardianAsync(SecretarySp1, record.Id, record.Guardians[0].Id, Guardian(" Anna ", "Nowak", MotherEmail.ToUpperInvariant()));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Single((await school.Records.ListAuditAsync(SecretarySp1, record.Id)).Value);
    }

    [Fact]
    public async Task RefusedChange_WritesNoEntry()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { Pesel = "15220123450" });
        await school.Records.UpdateStudentAsync(SecretarySp2, record.Id, new StudentChanges { FirstName = "Ala" });
        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = "Ala" }, expectedVersion: 7);

        Assert.Single((await school.Records.ListAuditAsync(SecretarySp1, record.Id)).Value);
    }

    [Fact]
    public async Task AuditTrail_HoldsPeselsOnlyMasked()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail, Guardian("Anna", "Nowak", MotherEmail, Pesels[4]));
        var guardianId = record.Guardians[0].Id;
        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { Pesel = Pesels[1] });
        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { Pesel = "" });
        await school.Records.UpdateStudentAsync(TeacherSp1Class4A, record.Id, new StudentChanges { Pesel = Pesels[2] });
        await school.Records.UpdateGuardianAsync(TeacherSp1Class4A, record.Id, guardianId, Guardian("Anna", "Nowak", MotherEmail, Pesels[5]));
        await school.Records.AddGuardianAsync(SecretarySp1, record.Id, Guardian("Piotr", "Nowak", "piotr@example.pl", Pesels[6]));
        await school.Records.RemoveGuardianAsync(SecretarySp1, record.Id, guardianId);

        var audit = (await school.Records.ListAuditAsync(Administrator, studentId: null)).Value;

        Assert.Equal(7, audit.Count);
        var json = JsonSerializer.Serialize(audit);
        Assert.All(Pesels.Take(7), pesel => Assert.DoesNotContain(pesel, json, StringComparison.Ordinal));
        Assert.All(Pesels.Take(7), pesel => Assert.DoesNotContain(pesel[..7], json, StringComparison.Ordinal));
        var peselChanges = audit.SelectMany(e => e.Changes).Where(c => c.Field.EndsWith("pesel", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, peselChanges.Count);
        Assert.All(peselChanges.SelectMany(c => new[] { c.Before, c.After }).OfType<string>(), masked => Assert.Matches("^•{7}[0-9]{4}$", masked));
        Assert.Contains(new AuditChange("pesel", "•••••••3466", null), peselChanges);
    }

    [Fact]
    public async Task ListAudit_ForWholeInstanceByAdministrator_ListsEveryRecordOfTheInstanceNewestFirst()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var kuba = await school.AddStudentAsync(Sp2, "1b", "Kuba", "Zieliński", Pesels[1], null);
        await school.AddStudentAsync(Lo1, "1a", "Ewa", "Lis", Pesels[2], null);

        var audit = await school.Records.ListAuditAsync(Administrator, studentId: null);

        Assert.True(audit.Succeeded, audit.ToString());
        Assert.Equal([kuba.Id, ola.Id], audit.Value.Select(e => e.StudentId));
        Assert.Equal([SecretarySp2.Email, SecretarySp1.Email], audit.Value.Select(e => e.Actor));
    }

    [Fact]
    public async Task ListAudit_Limit_KeepsTheNewestEntries()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);
        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = "Ala" });
        await school.Records.UpdateStudentAsync(SecretarySp1, record.Id, new StudentChanges { FirstName = "Ela" });

        var audit = (await school.Records.ListAuditAsync(SecretarySp1, record.Id, limit: 2)).Value;

        Assert.Equal(["Ela", "Ala"], audit.Select(e => Assert.Single(e.Changes).After));
    }

    [Fact]
    public async Task ListAudit_ZeroLimit_Throws()
    {
        await using var school = await TestSchool.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => school.Records.ListAuditAsync(Administrator, null, limit: 0));
    }

    [Theory]
    [InlineData("sekretariat@sp1.edu.pl")]
    [InlineData("wychowawca4a@sp1.edu.pl")]
    public async Task ListAudit_ForWholeInstanceByNonAdministrator_IsStaffNotAllowed(string email)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.ListAuditAsync(new StaffActor(Symbol, email), studentId: null);

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task ListAudit_OfOwnClassPupilByClassTeacher_IsAllowed()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], PupilEmail);

        var result = await school.Records.ListAuditAsync(TeacherSp1Class4A, record.Id);

        Assert.Equal(record.Id, Assert.Single(result.Value).StudentId);
    }

    [Fact]
    public async Task ListAudit_UnknownStudent_IsStudentNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Records.ListAuditAsync(SecretarySp1, Guid.NewGuid());

        Assert.Equal(AccessErrorCodes.StudentNotFound, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("15220123459", "•••••••3459")]
    public void MaskPesel_KeepsOnlyTheLastFourDigits(string? pesel, string? expected)
    {
        Assert.Equal(expected, AuditTrail.MaskPesel(pesel));
    }
}
