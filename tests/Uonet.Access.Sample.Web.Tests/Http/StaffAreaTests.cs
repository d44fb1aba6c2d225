using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// The staff area: staff sign in like everybody (R3) and act through <c>StaffActor</c>; the library decides what each
/// role may do (R1, R2) and its refusals are shown as messages, never as a server error.
/// </summary>
public sealed class StaffAreaTests(StaffPortalFactory factory) : IClassFixture<StaffPortalFactory>
{
    private static readonly string Secretary = DemoDataset.SecretarySp1.Email;
    private static readonly string Teacher = DemoDataset.TeacherSp1Class4A.Email;

    [Fact]
    public async Task StaffArea_ForAParent_Answers403()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var parent = await factory.SignedInAsync(email);

        var response = await parent.GetAsync("/gminawulkanowo/szkola");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("dla pracowników szkoły", parent.Html, StringComparison.Ordinal);
        await parent.GetAsync("/gminawulkanowo/uczen");
        Assert.DoesNotContain("href=\"/gminawulkanowo/szkola\"", parent.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffArea_ForTheSecretary_ShowsRolesAndTheUnitsRecords()
    {
        using var secretary = await factory.SignedInAsync(Secretary);

        await secretary.GetAsync("/gminawulkanowo/uczen");
        var selector = secretary.Html;
        await secretary.GetAsync("/gminawulkanowo/szkola");
        var roles = secretary.Text("roles")!;
        await secretary.GetAsync("/gminawulkanowo/szkola/uczniowie?jednostka=SP1");

        Assert.Contains("id=\"staff-link\"", selector, StringComparison.Ordinal);
        Assert.Contains("sekretariat", roles, StringComparison.Ordinal);
        var records = secretary.Text("records")!;
        Assert.Contains("Nowak Ola", records, StringComparison.Ordinal);
        Assert.Contains("Wiśniewski Kuba", records, StringComparison.Ordinal);
        Assert.Contains("id=\"add-student\"", secretary.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secretary_AddsAPupilWithAGuardian_WhoCanThenDoTheFirstLogin_R1_R2()
    {
        using var secretary = await factory.SignedInAsync(Secretary);
        var guardian = $"ojciec.{Guid.NewGuid():N}@example.pl";

        var response = await secretary.SubmitAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1", new Dictionary<string, string>
        {
            ["Student.ClassName"] = "2b",
            ["Student.FirstName"] = "Jaś",
            ["Student.LastName"] = "Nowy",
            ["Guardians[0].FirstName"] = "Adam",
            ["Guardians[0].LastName"] = "Nowy",
            ["Guardians[0].Email"] = guardian,
            ["Guardians[0].Relation"] = "Father",
        });
        await secretary.GetAsync(response.Headers.Location!.OriginalString);
        using var father = await factory.SignedInAsync(guardian);
        await father.GetAsync("/gminawulkanowo/uczen");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Jaś Nowy", secretary.Html, StringComparison.Ordinal);
        Assert.Contains("2B", secretary.Html, StringComparison.Ordinal);
        Assert.Contains("Jaś Nowy", father.Text("pupils"), StringComparison.Ordinal);
        Assert.Contains("ojciec", father.Text("pupils"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secretary_AddingAnInvalidRecord_SeesEveryFieldErrorAndNothingIsStored()
    {
        using var secretary = await factory.SignedInAsync(Secretary);
        var records = factory.Services.GetRequiredService<StudentRecords>();
        var before = (await records.ListStudentsAsync(DemoDataset.SecretarySp1, "SP1")).Value.Count;

        var response = await secretary.SubmitAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1", new Dictionary<string, string>
        {
            ["Student.ClassName"] = "3a",
            ["Student.FirstName"] = "Ala",
            ["Student.LastName"] = new string('x', 300),
            ["Student.Pesel"] = "12345678901",
            ["Student.Email"] = "ala@example.pl",
            ["Guardians[0].FirstName"] = string.Empty,
            ["Guardians[0].LastName"] = string.Empty,
            ["Guardians[0].Email"] = string.Empty,
            ["Guardians[1].FirstName"] = "Ewa",
            ["Guardians[1].LastName"] = "Kot",
            ["Guardians[1].Email"] = "to nie jest adres",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var codes = secretary.ErrorCodes();
        Assert.Contains(AccessErrorCodes.FieldTooLong, codes);
        Assert.Contains(codes, c => c.StartsWith("Pesel.", StringComparison.Ordinal));
        Assert.Contains("rodzic/opiekun 2", secretary.Text("errors"), StringComparison.Ordinal);
        Assert.Equal(before, (await records.ListStudentsAsync(DemoDataset.SecretarySp1, "SP1")).Value.Count);
    }

    [Fact]
    public async Task Secretary_EnteringTheGuardianWithThePupilsOwnEmail_IsRefusedByR2()
    {
        using var secretary = await factory.SignedInAsync(Secretary);

        await secretary.SubmitAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1", new Dictionary<string, string>
        {
            ["Student.ClassName"] = "3a",
            ["Student.FirstName"] = "Ala",
            ["Student.LastName"] = "Kot",
            ["Student.Email"] = "ala.kot@example.pl",
            ["Guardians[0].FirstName"] = "Ewa",
            ["Guardians[0].LastName"] = "Kot",
            ["Guardians[0].Email"] = "Ala.Kot@example.pl",
        });

        Assert.Contains(AccessErrorCodes.GuardianEmailSameAsStudent, secretary.ErrorCodes());
    }

    [Fact]
    public async Task ClassTeacher_MayNotCreateRecordsNorOpenAnotherClass_AndSeesTheRefusal()
    {
        using var teacher = await factory.SignedInAsync(Teacher);
        var piotr = (await factory.Services.GetRequiredService<Eligibility.PupilResolver>().ResolveAsync("gminawulkanowo", "anna.nowak@example.pl")).Single(p => p.FirstName == "Piotr");

        await teacher.SubmitAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1", new Dictionary<string, string>
        {
            ["Student.ClassName"] = "4a",
            ["Student.FirstName"] = "Ala",
            ["Student.LastName"] = "Kot",
        });
        var create = teacher.ErrorCodes();
        var other = await teacher.GetAsync($"/gminawulkanowo/szkola/uczniowie/{piotr.StudentId}");
        var otherCodes = teacher.ErrorCodes();
        await teacher.GetAsync("/gminawulkanowo/szkola/uczniowie?jednostka=SP1");

        Assert.Equal([AccessErrorCodes.StaffNotAllowed], create);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal([AccessErrorCodes.StaffOtherClass], otherCodes);
        Assert.DoesNotContain("Piotr", teacher.Text("records"), StringComparison.Ordinal);
        Assert.Contains("Ola", teacher.Text("records"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassTeacher_CompletesAndChangesTheGuardiansOfTheirClass_R2()
    {
        var (_, record) = await Families.AddAsync(factory);
        using var teacher = await factory.SignedInAsync(Teacher);
        var page = $"/gminawulkanowo/szkola/uczniowie/{record.Id}";
        var guardianId = record.Guardians[0].Id;

        await teacher.SubmitAsync(page, new Dictionary<string, string> { ["Guardian.FirstName"] = "Małgorzata", ["Guardian.LastName"] = "Testowa", ["Guardian.Email"] = record.Guardians[0].Email!, ["Guardian.Relation"] = "Mother" }, $"{page}?handler=Guardian&guardianId={guardianId}");
        var changed = teacher.Text("done");
        await teacher.SubmitAsync(page, new Dictionary<string, string> { ["Guardian.FirstName"] = "Piotr", ["Guardian.LastName"] = "Testowy", ["Guardian.Email"] = $"p.{Guid.NewGuid():N}@example.pl", ["Guardian.Relation"] = "Father" }, $"{page}?handler=AddGuardian");
        var afterAdd = (await factory.Services.GetRequiredService<StudentRecords>().FindStudentAsync(DemoDataset.TeacherSp1Class4A, record.Id)).Value;
        await teacher.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=RemoveGuardian&guardianId={afterAdd.Guardians[1].Id}");
        var afterRemove = (await factory.Services.GetRequiredService<StudentRecords>().FindStudentAsync(DemoDataset.TeacherSp1Class4A, record.Id)).Value;

        Assert.NotNull(changed);
        Assert.Equal("Małgorzata", afterRemove.Guardians[0].FirstName);
        Assert.Equal(2, afterAdd.Guardians.Count);
        Assert.Single(afterRemove.Guardians);
        Assert.Contains("Małgorzata", teacher.Text("audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secretary_SavingARecordSomeoneChangedMeanwhile_GetsTheConflictMessage()
    {
        var (_, record) = await Families.AddAsync(factory);
        using var secretary = await factory.SignedInAsync(Secretary);
        var page = $"/gminawulkanowo/szkola/uczniowie/{record.Id}";

        await secretary.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Version"] = "0",
            ["Student.ClassName"] = "4A",
            ["Student.FirstName"] = "Zuzanna",
            ["Student.LastName"] = "Testowa",
        }, page + "?handler=Save");

        Assert.Equal([AccessErrorCodes.ConcurrencyConflict], secretary.ErrorCodes());
        Assert.Equal("Zuzia", (await factory.Services.GetRequiredService<StudentRecords>().FindStudentAsync(DemoDataset.SecretarySp1, record.Id)).Value.FirstName);
    }

    [Fact]
    public async Task CsvImport_ReportsEveryRowAndKeepsTheValidOnes()
    {
        using var secretary = await factory.SignedInAsync(Secretary);
        var csv = "klasa;imie;nazwisko;pesel;opiekun1_imie;opiekun1_nazwisko;opiekun1_email\n" +
                  $"5a;Adam;Importowany;;Jan;Importowany;jan.{Guid.NewGuid():N}@example.pl\n" +
                  "5a;Bartek;Zły;1234;;;\n" +
                  "5b;Celina;Importowana;;;;\n";

        var response = await ImportAsync(secretary, csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"Zaimportowano:\s*2\s*,\s*odrzucono:\s*1", secretary.Text("import-summary"));
        Assert.Contains("PESEL", secretary.Text("import-rows"), StringComparison.Ordinal);
        Assert.Contains("<td>3</td>", secretary.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvImport_WithAnUnknownColumn_RefusesTheWholeFile()
    {
        using var secretary = await factory.SignedInAsync(Secretary);

        await ImportAsync(secretary, "klasa;imie;nazwisko;ulubiony_kolor\n5a;Adam;Kolorowy;zielony\n");

        Assert.Equal([AccessErrorCodes.ImportHeaderInvalid], secretary.ErrorCodes());
    }

    [Fact]
    public async Task CsvImport_ByTheClassTeacher_IsRefused()
    {
        using var teacher = await factory.SignedInAsync(Teacher);

        await ImportAsync(teacher, "klasa;imie;nazwisko\n4a;Adam;Nowy\n");

        Assert.Equal([AccessErrorCodes.StaffNotAllowed], teacher.ErrorCodes());
    }

    [Fact]
    public async Task EmailChange_PreviewThenApply_ClosesTheOldAccountAndItsSession_R9()
    {
        var (email, record) = await Families.AddAsync(factory);
        using var parent = await factory.SignedInAsync(email);
        using var secretary = await factory.SignedInAsync(Secretary);
        var replacement = "nowy." + email;

        await secretary.SubmitAsync("/gminawulkanowo/szkola/zmiana-email", new Dictionary<string, string> { ["OldEmail"] = email, ["NewEmail"] = replacement }, "/gminawulkanowo/szkola/zmiana-email?handler=Preview");
        var preview = secretary.Text("preview-changed");
        await secretary.PostAsync("/gminawulkanowo/szkola/zmiana-email?handler=Apply", new Dictionary<string, string> { ["OldEmail"] = email, ["NewEmail"] = replacement }, secretary.AntiforgeryToken());
        var applied = secretary.Text("email-changed");
        var parentNext = await parent.GetAsync("/gminawulkanowo/uczen");

        Assert.Contains(record.FullName, preview, StringComparison.Ordinal);
        Assert.Contains("zamknięte", applied, StringComparison.Ordinal);
        Assert.Equal("/gminawulkanowo/?powod=Session.AccountClosed", parentNext.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task EmailChange_ByATeacherOfAnotherClass_PreviewsWhoMustChangeItInstead()
    {
        var (email, _) = await Families.AddAsync(factory, className: "1C");
        using var teacher = await factory.SignedInAsync(Teacher);

        await teacher.SubmitAsync("/gminawulkanowo/szkola/zmiana-email", new Dictionary<string, string> { ["OldEmail"] = email, ["NewEmail"] = "inny." + email }, "/gminawulkanowo/szkola/zmiana-email?handler=Preview");

        Assert.Contains("Zuzia Testowa", teacher.Text("preview-not-editable"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"apply\"", teacher.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnosis_OfAFatherWithoutPeselAtASchoolThatRequiresIt_NamesR2AndWhoFixesIt()
    {
        using var secretary = await factory.SignedInAsync(Secretary);

        await secretary.SubmitAsync("/gminawulkanowo/szkola/diagnoza", new Dictionary<string, string> { ["Email"] = "tomasz.zielinski@example.pl" });

        Assert.Contains("data-can-sign-in=\"False\"", secretary.Html, StringComparison.Ordinal);
        Assert.Contains("data-code=\"Diagnosis.GuardianPeselRequired\"", secretary.Html, StringComparison.Ordinal);
        var findings = secretary.Text("findings")!;
        Assert.Contains("R2", findings, StringComparison.Ordinal);
        Assert.Contains("Szkoła Podstawowa nr 2", findings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnosis_OfAParentWhoAskedForTheFirstLoginLink_ShowsItWaitingWithItsTimesButNeverTheLink_R3()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var parent = new PortalBrowser(factory);
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        await parent.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        var link = await parent.MailedLinkAsync(email);
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        using var secretary = await factory.SignedInAsync(Secretary);

        await secretary.SubmitAsync("/gminawulkanowo/szkola/diagnoza", new Dictionary<string, string> { ["Email"] = email });

        Assert.Contains("data-pending=\"True\"", secretary.Html, StringComparison.Ordinal);
        Assert.Contains("czeka w skrzynce", secretary.Text("link-pending"), StringComparison.Ordinal);
        Assert.DoesNotContain(token, secretary.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnosis_WithAMalformedAddress_ShowsTheErrorNotAServerError()
    {
        using var secretary = await factory.SignedInAsync(Secretary);

        var response = await secretary.SubmitAsync("/gminawulkanowo/szkola/diagnoza", new Dictionary<string, string> { ["Email"] = "@@@" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Email.", Assert.Single(secretary.ErrorCodes()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffDevices_UnregisterEveryPhoneOfAnAccount_WhichAreToldTheSchoolDidIt()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var parent = await factory.SignedInAsync(email);
        var pairing = await Pairing.CreateAsync(parent);
        using var phone = new Phone(factory.CreateClient());
        await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);
        using var secretary = await factory.SignedInAsync(Secretary);

        await secretary.SubmitAsync("/gminawulkanowo/szkola/urzadzenia", new Dictionary<string, string> { ["Email"] = email });
        var response = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", factory.Time.GetUtcNow()));

        Assert.Contains("1", secretary.Text("devices-revoked"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("RevokedByStaff", (await MobileAccessTests.ErrorAsync(response)).Arguments["reason"]);
    }

    [Fact]
    public async Task StaffForm_WithoutAntiforgeryToken_Answers400AndChangesNothing()
    {
        using var secretary = await factory.SignedInAsync(Secretary);
        var (email, _) = await Families.AddAsync(factory);

        var response = await secretary.PostAsync("/gminawulkanowo/szkola/zmiana-email?handler=Apply", new Dictionary<string, string> { ["OldEmail"] = email, ["NewEmail"] = "x." + email }, antiforgeryToken: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await factory.Services.GetRequiredService<Eligibility.PupilResolver>().ResolveAsync("gminawulkanowo", email));
    }

    /// <summary>Uploads a CSV file into SP1 from the import page, as the browser's multipart form does.</summary>
    private static async Task<HttpResponseMessage> ImportAsync(PortalBrowser browser, string csv)
    {
        await browser.GetAsync("/gminawulkanowo/szkola/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(browser.AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent("SP1"), "Unit" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "Csv", "uczniowie.csv");
        return await browser.PostAsync("/gminawulkanowo/szkola/import", form);
    }
}
