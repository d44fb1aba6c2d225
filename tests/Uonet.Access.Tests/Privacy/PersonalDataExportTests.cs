using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Privacy;
using Uonet.Access.Records;
using Uonet.Access.Tests.Credentials.Workflows;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Privacy;

/// <summary>
/// The right of access (RODO art. 15): the holder's export shows what is held about them and nothing of other people
/// but the name, school and class of the pupils whose records list them (R2, R5); the secretary's export of a record
/// holds its whole history, and nobody else gets it.
/// </summary>
public sealed class PersonalDataExportTests
{
    private const string FatherEmail = "piotr.nowak@example.pl";
    private const string OlaEmail = "ola.nowak@uczen.example.pl";
    private const string KubaEmail = "kuba.nowak@uczen.example.pl";
    private const string MothersPesel = "80010112340";
    private const string FathersPesel = "85021513573";

    [Fact]
    public async Task ExportAsync_GuardianOfTwoChildren_OwnEntriesAndChildrensNameSchoolClass_NothingOfTheOtherGuardianOrThePupils()
    {
        await using var school = await TestSchool.CreateAsync();
        await AddNowakChildrenAsync(school);
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var exported = await Export(school).ExportAsync(ticket);
        var json = JsonSerializer.Serialize(exported.Value, PersonalDataExport.JsonOptions);

        Assert.True(exported.Succeeded, exported.ToString());
        Assert.Equal(
            [("Kuba", "Nowak", Sp2, "Szkoła Podstawowa nr 2", "2B"), ("Ola", "Nowak", Sp1, "Szkoła Podstawowa nr 1", "4A")],
            exported.Value.Records.Select(r => (r.PupilFirstName, r.PupilLastName, r.UnitCode, r.UnitName, r.ClassName)));
        Assert.All(exported.Value.Records, r => Assert.Null(r.AsPupil));
        Assert.Equal(
            [("Anna", "Nowak", Flow.MotherEmail, MothersPesel, GuardianRelation.Mother), ("Anna", "Nowak", Flow.MotherEmail, null, GuardianRelation.Mother)],
            exported.Value.Records.Select(r => Assert.Single(r.AsGuardian)).Select(g => (g.FirstName, g.LastName, g.Email, g.Pesel, g.Relation)));
        Assert.Contains(MothersPesel, json, StringComparison.Ordinal);
        Assert.Contains("Szkoła Podstawowa nr 1", json, StringComparison.Ordinal);
        foreach (var someoneElses in new[] { FatherEmail, "Piotr", FathersPesel, Pesels[0], Pesels[1], OlaEmail, KubaEmail })
        {
            Assert.DoesNotContain(someoneElses, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ExportAsync_Pupil_OwnRecordFieldsWithPesel_NothingOfTheGuardians()
    {
        await using var school = await TestSchool.CreateAsync();
        await AddNowakChildrenAsync(school);
        await school.Services.SetPasswordAsync(OlaEmail);
        var ticket = await school.Services.SignInAsync(OlaEmail);

        var exported = await Export(school).ExportAsync(ticket);
        var json = JsonSerializer.Serialize(exported.Value, PersonalDataExport.JsonOptions);

        var own = Assert.Single(exported.Value.Records);
        Assert.Equal(("Ola", "Nowak", Pesels[0], OlaEmail), (own.AsPupil!.FirstName, own.AsPupil.LastName, own.AsPupil.Pesel, own.AsPupil.Email));
        Assert.Empty(own.AsGuardian);
        Assert.Equal(OlaEmail, exported.Value.Account.Email);
        foreach (var someoneElses in new[] { Flow.MotherEmail, FatherEmail, "Anna", "Piotr", MothersPesel, FathersPesel, "Kuba", Pesels[1] })
        {
            Assert.DoesNotContain(someoneElses, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ExportAsync_AccountWithSecondFactorSessionsAndDevice_ListsThem_NoSecretInTheJson()
    {
        await using var school = await TestSchool.CreateAsync();
        await AddNowakChildrenAsync(school);
        await school.Services.SetPasswordAsync();
        var (secret, recoveryCodes, _) = await school.Services.EnrolTotpAsync(school.Time);
        var ticket = await school.Services.SignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));
        var account = await school.Services.AccountAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var device = await school.InsertDeviceAsync(account, key.ExportSubjectPublicKeyInfo(), DeviceKeyAlgorithm.EcdsaP256);
        var stored = await school.Store.ListAccountSessionsAsync(account.Id, school.Time.GetUtcNow(), CancellationToken.None);

        var exported = await Export(school).ExportAsync(ticket);
        var json = JsonSerializer.Serialize(exported.Value, PersonalDataExport.JsonOptions);

        Assert.True(exported.Value.Account.TwoStepSignIn);
        Assert.Equal(account.Id, exported.Value.Account.Id);
        Assert.Equal(device.Id, Assert.Single(exported.Value.Devices).Id);
        Assert.Equal(stored.Count, exported.Value.Sessions.Count);
        Assert.NotEmpty(exported.Value.SecurityEvents);
        Assert.Contains("\"twoStepSignIn\": true", json, StringComparison.Ordinal);
        var secrets = new List<string>
        {
            Flow.Password, account.PasswordHash, account.SecurityStamp, ticket, ticket.Split('.')[2],
            Convert.ToBase64String(secret), Convert.ToHexString(secret), Convert.ToBase64String(device.PublicKey),
        };
        secrets.AddRange(recoveryCodes);
        secrets.AddRange(account.RecoveryCodeHashes);
        secrets.AddRange(stored.Select(s => s.SecretHash));
        foreach (var held in secrets.Concat(["passwordHash", "securityStamp", "totpSecret", "recoveryCode", "secretHash", "publicKey"]))
        {
            Assert.DoesNotContain(held, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(null, AccessErrorCodes.SessionStale)]
    [InlineData("1.abc.def", AccessErrorCodes.SessionStale)]
    public async Task ExportAsync_InvalidTicket_RefusedWithTheSessionsCode(string? ticket, string code)
    {
        await using var school = await TestSchool.CreateAsync();

        var exported = await Export(school).ExportAsync(ticket);

        Assert.Equal(code, Assert.Single(exported.Errors).Code);
    }

    [Fact]
    public async Task ExportAsync_SignedOutTicket_Refused()
    {
        await using var school = await TestSchool.CreateAsync();
        await AddNowakChildrenAsync(school);
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.Sessions.SignOutAsync(ticket);

        var exported = await Export(school).ExportAsync(ticket);

        Assert.Equal(AccessErrorCodes.SessionSignedOut, Assert.Single(exported.Errors).Code);
    }

    [Fact]
    public async Task ExportStudentRecordAsync_SecretaryOfTheUnit_EveryAuditEntryWithItsAuthor_PastTheListsDefaultLimit()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        for (var i = 0; i < 110; i++)
        {
            var changed = await school.Records.UpdateStudentAsync(TeacherSp1Class4A, ola.Id, new StudentChanges { FirstName = i % 2 == 0 ? "Aleksandra" : "Ola" });
            Assert.True(changed.Succeeded, changed.ToString());
        }

        Assert.True((await school.Records.AddGuardianAsync(SecretarySp1, ola.Id, Guardian("Piotr", "Nowak", FatherEmail, relation: GuardianRelation.Father))).Succeeded);
        var trail = await school.Store.ListAuditAsync(Symbol, ola.Id, int.MaxValue, CancellationToken.None);

        var exported = await Export(school).ExportStudentRecordAsync(SecretarySp1, ola.Id);

        Assert.True(exported.Succeeded, exported.ToString());
        Assert.Equal(112, trail.Count);
        Assert.Equal(trail.Select(e => (e.Id, e.Actor, e.Action)), exported.Value.History.Select(e => (e.Id, e.Actor, e.Action)));
        Assert.Equal([SecretarySp1.Email, TeacherSp1Class4A.Email], exported.Value.History.Select(e => e.Actor).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, exported.Value.Record.Guardians.Count);
        Assert.Equal("Szkoła Podstawowa nr 1", exported.Value.UnitName);
        Assert.Equal(SecretarySp1.Email, exported.Value.ExportedBy);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "class teacher of the pupil's class", AccessErrorCodes.StaffNotAllowed },
        { "secretary of another unit", AccessErrorCodes.StaffOtherUnit },
        { "administrator", AccessErrorCodes.StaffNotAllowed },
        { "secretary in another instance", AccessErrorCodes.StudentNotFound },
        { "unknown address", AccessErrorCodes.StaffNotFound },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ExportStudentRecordAsync_AnyoneButTheUnitsSecretary_RefusedWithTheStaffCode(string who, string code)
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        var actor = who switch
        {
            "class teacher of the pupil's class" => TeacherSp1Class4A,
            "secretary of another unit" => SecretarySp2,
            "administrator" => Administrator,
            "secretary in another instance" => SecretaryLo1,
            _ => new StaffActor(Symbol, "ktos@example.pl"),
        };

        var exported = await Export(school).ExportStudentRecordAsync(actor, ola.Id);

        Assert.Equal(code, Assert.Single(exported.Errors).Code);
    }

    [Fact]
    public async Task ExportStudentRecordAsync_UnknownRecord_StudentNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var exported = await Export(school).ExportStudentRecordAsync(SecretarySp1, Guid.NewGuid());

        Assert.Equal(AccessErrorCodes.StudentNotFound, Assert.Single(exported.Errors).Code);
    }

    private static PersonalDataExport Export(TestSchool school) => school.Services.GetRequiredService<PersonalDataExport>();

    // Ola (SP1, 4a) and Kuba (SP2, 2b, where the guardian's PESEL is required) Nowak, each with their own e-mail and both
    // parents listed: the mother is the holder in most tests, the father is the other person whose data must not leak.
    private static async Task AddNowakChildrenAsync(TestSchool school)
    {
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], OlaEmail,
            Guardian("Anna", "Nowak", Flow.MotherEmail),
            Guardian("Piotr", "Nowak", FatherEmail, FathersPesel, GuardianRelation.Father));
        await school.AddStudentAsync(Sp2, "2b", "Kuba", "Nowak", Pesels[1], KubaEmail,
            Guardian("Anna", "Nowak", Flow.MotherEmail, MothersPesel),
            Guardian("Piotr", "Nowak", FatherEmail, FathersPesel, GuardianRelation.Father));
    }
}
