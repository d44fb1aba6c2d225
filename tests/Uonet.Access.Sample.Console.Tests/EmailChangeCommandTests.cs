using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>email change</c> (R9): every record the staff member may edit, and the list of what others must change.</summary>
public sealed class EmailChangeCommandTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    [Fact]
    public async Task Preview_ListsTheRecordsItWouldChange_AndThoseOnlyAnotherSchoolMayChange_WithoutChangingThem()
    {
        var preview = await school.Json("email", "change", Symbol, "--as", SecretarySp1, "--from", Anna, "--to", "anna.nowa@example.pl", "--preview");
        var again = await school.Json("email", "change", Symbol, "--as", SecretarySp1, "--from", Anna, "--to", "anna.nowa@example.pl", "--preview");

        preview.Succeeded();
        Assert.True(preview.Json.GetProperty("preview").GetBoolean());
        Assert.Equal(school.Ola.ToString(), preview.Json.GetProperty("changed").EnumerateArray().Single().GetProperty("studentId").GetString());
        var other = preview.Json.GetProperty("notEditable").EnumerateArray().Single();
        Assert.Equal(school.Piotr.ToString(), other.GetProperty("studentId").GetString());
        Assert.Equal("SP2", other.GetProperty("unit").GetString());
        Assert.Equal(preview.Stdout, again.Succeeded().Stdout);
    }

    [Fact]
    public async Task Change_ByAClassTeacher_ReplacesTheAddressInTheirClassOnly_R9()
    {
        var guardianOfTwo = "ewa.mazur@example.pl";
        var inClass = await AddStudentAsync(school, SecretarySp1, "SP1", "4A", "Hania", "Mazur", null, null);
        var otherClass = await AddStudentAsync(school, SecretarySp1, "SP1", "2B", "Tymek", "Mazur", null, null);
        foreach (var child in new[] { inClass, otherClass })
        {
            (await school.Json("guardian", "add", Symbol, child.ToString(), "--as", SecretarySp1, "--first", "Ewa", "--last", "Mazur", "--email", guardianOfTwo)).Succeeded();
        }

        var run = await school.Json("email", "change", Symbol, "--as", TeacherSp1Class4A, "--from", guardianOfTwo, "--to", "ewa.nowa@example.pl");

        run.Succeeded();
        Assert.False(run.Json.GetProperty("preview").GetBoolean());
        Assert.Equal(inClass.ToString(), run.Json.GetProperty("changed").EnumerateArray().Single().GetProperty("studentId").GetString());
        Assert.Equal(otherClass.ToString(), run.Json.GetProperty("notEditable").EnumerateArray().Single().GetProperty("studentId").GetString());
        Assert.False(run.Json.GetProperty("oldAccountClosed").GetBoolean());
    }

    [Fact]
    public async Task Change_OfAnAddressNoRecordLists_IsRefused()
    {
        var run = await school.Json("email", "change", Symbol, "--as", SecretarySp1, "--from", "nikt@example.pl", "--to", "ktos@example.pl");

        run.Refused("EmailChange.NothingToChange");
    }

    [Fact]
    public async Task Change_ToTheSameAddress_IsRefused()
    {
        var run = await school.Json("email", "change", Symbol, "--as", SecretarySp1, "--from", Anna, "--to", "ANNA.nowak@example.pl");

        run.Refused("EmailChange.SameAddress");
    }
}
