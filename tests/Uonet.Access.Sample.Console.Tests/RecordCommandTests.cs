using Uonet.Access.Import;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using Uonet.Access.Sqlite;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>instance|unit|staff|student|guardian add</c>, <c>student update</c>, <c>import</c>: R1, R2 and who may change what.</summary>
public sealed class RecordCommandTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    [Fact]
    public async Task InstanceAdd_PrintsTheInstance_AndRefusesTheSameSymbolTwice()
    {
        var added = await school.Json("instance", "add", "powiatwulkanowy", "--name", "Powiat Wulkanowy", "--base-url", "https://uonet.example.pl/powiatwulkanowy/");
        var again = await school.Json("instance", "add", "powiatwulkanowy", "--name", "Powiat", "--base-url", "https://uonet.example.pl/");

        added.Succeeded();
        Assert.Equal("powiatwulkanowy", added.Get("symbol"));
        Assert.Equal("Powiat Wulkanowy", added.Get("name"));
        Assert.Equal("https://uonet.example.pl/powiatwulkanowy/", added.Get("baseUrl"));
        again.Refused("Instance.AlreadyExists");
        Assert.Equal("symbol", again.Json.GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task InstanceAdd_WithABaseUrlThatIsNotHttp_IsRefusedByTheLibrary()
    {
        var run = await school.Json("instance", "add", "inny", "--name", "Inny", "--base-url", "ftp://example.pl/");

        run.Refused("Instance.BaseUrlInvalid");
    }

    [Fact]
    public async Task UnitAdd_InAnUnknownInstance_IsRefused()
    {
        var run = await school.Json("unit", "add", "nieznany", "SP9", "--name", "Szkoła");

        run.Refused("Instance.NotFound");
    }

    [Fact]
    public async Task StaffAdd_AnAdministratorWithAUnit_IsRefused_BecauseTheRoleCoversTheWholeInstance()
    {
        var run = await school.Json("staff", "add", Symbol, "SP1", "admin2@example.pl", "--role", "administrator");

        run.Refused("Staff.AssignmentInvalid");
    }

    [Fact]
    public async Task StaffAdd_PrintsTheMembersRoles()
    {
        var run = await school.Json("staff", "add", Symbol, "SP1", "wychowawca.1b@sp1.example.pl", "--role", "class-teacher", "--class", "1b", "--name", "Jerzy");

        run.Succeeded();
        var role = run.Json.GetProperty("roles")[0];
        Assert.Equal("class-teacher", role.GetProperty("role").GetString());
        Assert.Equal("SP1", role.GetProperty("unit").GetString());
        Assert.Equal("1B", role.GetProperty("class").GetString());
    }

    [Fact]
    public async Task StudentAdd_BySecretary_PrintsTheStudentIdAndTheRecord()
    {
        var run = await school.Json("student", "add", Symbol, "SP1", "--as", SecretarySp1, "--first", "Staś", "--last", "Mazur", "--pesel", "16211145674", "--class", "2a");

        run.Succeeded();
        Assert.True(Guid.TryParse(run.Get("studentId"), out _));
        Assert.Equal("SP1", run.Get("unit"));
        Assert.Equal("2A", run.Get("class"));
        Assert.Equal("Staś", run.Get("firstName"));
        Assert.True(run.Json.GetProperty("hasPesel").GetBoolean());
    }

    [Fact]
    public async Task StudentAdd_ByAClassTeacher_IsRefused_BecauseTheSecretaryEntersRecords_R1()
    {
        var run = await school.Json("student", "add", Symbol, "SP1", "--as", TeacherSp1Class4A, "--first", "Jan", "--last", "Nowy", "--class", "4A");

        run.Refused("Staff.NotAllowed");
    }

    [Fact]
    public async Task StudentAdd_ByTheSecretaryOfAnotherUnit_IsRefused()
    {
        var run = await school.Json("student", "add", Symbol, "SP1", "--as", SecretarySp2, "--first", "Jan", "--last", "Nowy", "--class", "4A");

        run.Refused("Staff.OtherUnit");
    }

    [Fact]
    public async Task StudentAdd_BySomeoneWhoIsNotStaff_IsRefused()
    {
        var run = await school.Json("student", "add", Symbol, "SP1", "--as", "ktos@example.pl", "--first", "Jan", "--last", "Nowy", "--class", "4A");

        run.Refused("Staff.NotFound");
    }

    [Fact]
    public async Task StudentAdd_WithAWrongPeselChecksum_NamesTheFieldAndDescribesItInPolish()
    {
        var run = await school.Json("student", "add", Symbol, "SP1", "--as", SecretarySp1, "--first", "Jan", "--last", "Nowy", "--class", "4A", "--pesel", "15220123458");

        run.Refused("Pesel.Checksum");
        var error = run.Json.GetProperty("error");
        Assert.Equal("pesel", error.GetProperty("field").GetString());
        Assert.Contains("cyfrę kontrolną", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StudentAdd_WithSeveralMistakes_ReportsEveryError()
    {
        var run = await school.Json("student", "add", Symbol, "SP1", "--as", SecretarySp1, "--first", " ", "--last", "Nowy", "--class", "4A", "--email", "not-an-address");

        run.Refused("Field.Required");
        var codes = run.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        Assert.Contains("Email.Format", codes);
    }

    [Fact]
    public async Task Refusal_WithoutJson_GoesToStandardErrorAndLeavesStandardOutputEmpty()
    {
        var run = await school.Text("student", "add", Symbol, "SP1", "--as", TeacherSp1Class4A, "--first", "Jan", "--last", "Nowy", "--class", "4A");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("[Staff.NotAllowed]", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuardianAdd_WithTheChildsOwnEmail_IsRefused_R2()
    {
        var run = await school.Json("guardian", "add", Symbol, school.Ola.ToString(), "--as", SecretarySp1, "--first", "Anna", "--last", "Nowak", "--email", "OLA.Nowak@uczen.example.pl");

        run.Refused("Record.GuardianEmailSameAsStudent");
    }

    [Fact]
    public async Task GuardianAdd_PrintsTheGuardianId()
    {
        var run = await school.Json("guardian", "add", Symbol, school.Kuba.ToString(), "--as", TeacherSp1Class4A, "--first", "Ewa", "--last", "Lis", "--email", "ewa.lis@example.pl", "--relation", "legal-guardian");

        run.Succeeded();
        Assert.True(Guid.TryParse(run.Get("guardianId"), out _));
        Assert.Equal(school.Kuba.ToString(), run.Get("studentId"));
        Assert.Equal("legal-guardian", run.Get("relation"));
    }

    [Fact]
    public async Task StudentUpdate_ByTheClassTeacherOfTheClass_ChangesOnlyTheGivenFields_R1()
    {
        var run = await school.Json("student", "update", Symbol, school.Kuba.ToString(), "--as", TeacherSp1Class4A, "--last", "Lisowski");

        run.Succeeded();
        Assert.Equal("Lisowski", run.Get("lastName"));
        Assert.Equal("Kuba", run.Get("firstName"));
        Assert.Equal(Kuba, run.Get("email"));
    }

    [Fact]
    public async Task StudentUpdate_ByAClassTeacherOfAnotherClass_IsRefused()
    {
        var piotrInSp1 = await AddStudentAsync(school, SecretarySp1, "SP1", "1B", "Piotr", "Zieliński", null, null);

        var run = await school.Json("student", "update", Symbol, piotrInSp1.ToString(), "--as", TeacherSp1Class4A, "--first", "Piotrek");

        run.Refused("Staff.OtherClass");
    }

    [Fact]
    public async Task StudentUpdate_WithAnOldExpectedVersion_IsRefusedAsAConflict()
    {
        var run = await school.Json("student", "update", Symbol, school.Ola.ToString(), "--as", SecretarySp1, "--first", "Aleksandra", "--expected-version", "0");

        run.Refused("Record.ConcurrencyConflict");
    }

    [Fact]
    public async Task StudentUpdate_OfAnUnknownRecord_IsRefused()
    {
        var run = await school.Json("student", "update", Symbol, Guid.NewGuid().ToString(), "--as", SecretarySp1, "--first", "X");

        run.Refused("Record.StudentNotFound");
    }

    [Fact]
    public async Task Import_KeepsGoodRowsAndReportsEachRefusedRowWithItsNumber()
    {
        var csv = Path.Combine(school.Folder, "klasa-5a.csv");
        await File.WriteAllTextAsync(csv, """
            klasa;imie;nazwisko;pesel;email;opiekun1_imie;opiekun1_nazwisko;opiekun1_email
            5a;Julia;Lis;09221134567;julia.lis@uczen.example.pl;Jan;Lis;jan.lis@example.pl
            5a;Adam;Kos;123;;;;
            5a;Iga;Kos;;iga.kos@uczen.example.pl;Ewa;Kos;iga.kos@uczen.example.pl
            """);

        var run = await school.Json("import", Symbol, "SP1", csv, "--as", SecretarySp1);

        run.Succeeded();
        Assert.Equal(1, run.Json.GetProperty("imported").GetInt32());
        Assert.Equal(2, run.Json.GetProperty("refused").GetInt32());
        var refused = run.Json.GetProperty("rows").EnumerateArray()
            .Where(row => row.GetProperty("errors").GetArrayLength() > 0)
            .ToDictionary(row => row.GetProperty("row").GetInt32(), row => row.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("Pesel.Length", refused[3]);
        Assert.Equal("Record.GuardianEmailSameAsStudent", refused[4]);
        var runId = run.Json.GetProperty("runId").GetGuid();
        var runs = await new SqliteAccessStore($"Data Source={school.Database}").ListImportRunsAsync(Symbol, "SP1", 100, CancellationToken.None);
        var recorded = Assert.Single(runs, r => r.Id == runId);
        Assert.Equal((ImportRunStatus.Completed, 1, 2, "klasa-5a.csv"), (recorded.Status, recorded.RowsWritten, recorded.RowsRefused, recorded.FileName));
    }

    [Fact]
    public async Task Import_OfAFileWithAnUnknownColumn_IsRefusedAsAWhole()
    {
        var csv = Path.Combine(school.Folder, "zle.csv");
        await File.WriteAllTextAsync(csv, "klasa;imie;nazwisko;ulubiony_kolor\n4a;Jan;Nowy;zielony\n");

        var run = await school.Json("import", Symbol, "SP1", csv, "--as", SecretarySp1);

        run.Refused("Import.HeaderInvalid");
    }

    [Fact]
    public async Task Import_OfAMissingFile_IsAUsageError()
    {
        var run = await school.Json("import", Symbol, "SP1", Path.Combine(school.Folder, "brak.csv"), "--as", SecretarySp1);

        Assert.Equal(2, run.ExitCode);
    }
}
