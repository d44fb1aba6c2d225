using System.Text.Json;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>
/// <c>export</c> and <c>record export</c>: the holder's own data (RODO art. 15) and the secretary's export of a record
/// with its history, through the tool as scripts run it.
/// </summary>
public sealed class ExportCommandTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    [Fact]
    public async Task Export_AnnasSession_TheDocumentAsOneJsonObject_OwnEntriesOnly()
    {
        var session = await school.AnnaSessionAsync();

        var run = await school.JsonWithInput(session + "\n", "export", "--session", "-");

        var document = run.Succeeded().Json;
        Assert.Single(run.Stdout.Trim().Split('\n'));
        Assert.Equal(Anna, document.GetProperty("account").GetProperty("email").GetString());
        var records = document.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["Ola", "Piotr"], records.Select(r => r.GetProperty("pupilFirstName").GetString()).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal("mother", Assert.Single(r.GetProperty("asGuardian").EnumerateArray()).GetProperty("relation").GetString()));
        Assert.Contains("85021513573", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("15220123459", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Ola, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Kuba", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WithoutJson_PrintsTheIndentedDocument()
    {
        var session = await school.AnnaSessionAsync();

        var run = await ConsoleTool.RunAsync(["export", "--session", "-", "--db", school.Database], session + "\n", workingDirectory: school.Folder);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Anna, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("account").GetProperty("email").GetString());
        Assert.Contains("\n  \"account\": {", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnreadableTicket_RefusedWithTheSessionsCode()
    {
        var run = await school.JsonWithInput("1.abc.def\n", "export", "--session", "-");

        run.Refused("Session.Stale");
    }

    [Fact]
    public async Task RecordExport_SecretaryOfTheUnit_RecordWithEveryChangeAndItsAuthor()
    {
        var run = await school.Json("record", "export", Symbol, school.Ola.ToString(), "--as", SecretarySp1);

        var document = run.Succeeded().Json;
        Assert.Equal(school.Ola.ToString(), document.GetProperty("record").GetProperty("id").GetString());
        var history = document.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["guardianAdded", "studentAdded"], history.Select(e => e.GetProperty("action").GetString()));
        Assert.All(history, e => Assert.Equal(SecretarySp1, e.GetProperty("actor").GetString()));
    }

    [Theory]
    [InlineData(TeacherSp1Class4A, "Staff.NotAllowed")]
    [InlineData(SecretarySp2, "Staff.OtherUnit")]
    [InlineData(Administrator, "Staff.NotAllowed")]
    [InlineData(Anna, "Staff.NotFound")]
    public async Task RecordExport_AnyoneButTheUnitsSecretary_Refused(string staff, string code)
    {
        var run = await school.Json("record", "export", Symbol, school.Ola.ToString(), "--as", staff);

        run.Refused(code);
        Assert.False(run.Json.TryGetProperty("record", out _));
    }
}
