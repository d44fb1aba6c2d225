using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// The staff area opens on the standing the validated session carries, never on a look-up of the staff list: a parent
/// whose last staff role was taken away is a parent again, on every staff page and in the menu (R1, R2).
/// </summary>
public sealed class StaffStandingTests(StaffPortalFactory factory) : IClassFixture<StaffPortalFactory>
{
    private static readonly string[] Pages =
    [
        "/szkola",
        "/szkola/uczniowie?jednostka=SP1",
        "/szkola/uczniowie/nowy?jednostka=SP1",
        "/szkola/uczniowie/{record}",
        "/szkola/import",
        "/szkola/zmiana-email",
        "/szkola/diagnoza",
        "/szkola/urzadzenia",
        "/szkola/przerwy",
    ];

    public static TheoryData<string> StaffPages => new(Pages);

    [Fact]
    public async Task StaffPages_ForAParentWhoseSecretaryRoleWasTakenAway_Answer403AndNoSchoolLink_R1()
    {
        var (email, record) = await Families.AddAsync(factory);
        await GiveAndTakeAwaySecretaryRoleAsync(email);
        using var parent = await factory.SignedInAsync(email);

        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var page in Pages)
        {
            statuses[page] = (await parent.GetAsync(PageOf(page, record))).StatusCode;
        }

        var pupils = await parent.GetAsync(PortalBrowser.Root + "/uczen");

        Assert.All(statuses, page => Assert.Equal((page.Key, HttpStatusCode.Forbidden), (page.Key, page.Value)));
        Assert.Equal(HttpStatusCode.OK, pupils.StatusCode);
        Assert.Contains("Zuzia", parent.Text("pupils"), StringComparison.Ordinal);
        AssertNoSchoolLink(parent);
    }

    [Fact]
    public async Task StaffPages_ForASignedInSecretaryLosingTheRole_Refused403OnTheNextRequestWhileStillAParent_R1()
    {
        var (email, record) = await Families.AddAsync(factory);
        var directory = factory.Services.GetRequiredService<SchoolDirectory>();
        Assert.True((await directory.AssignStaffAsync(PortalBrowser.Symbol, email, "Maria Testowa", new StaffAssignment(StaffRole.Secretary, "SP1"))).Succeeded);
        using var member = await factory.SignedInAsync(email);
        var whileStaff = await member.GetAsync(PortalBrowser.Root + "/szkola/diagnoza");
        var token = member.AntiforgeryToken();

        Assert.True((await directory.UnassignStaffAsync(PortalBrowser.Symbol, email, new StaffAssignment(StaffRole.Secretary, "SP1"))).Succeeded);
        var get = await member.GetAsync(PortalBrowser.Root + "/szkola/uczniowie?jednostka=SP1");
        var post = await member.PostAsync(PortalBrowser.Root + "/szkola/diagnoza", new Dictionary<string, string> { ["Email"] = DemoDataset.SecretarySp1.Email }, token);
        var record403 = await member.GetAsync(PageOf("/szkola/uczniowie/{record}", record));
        await member.GetAsync(PortalBrowser.Root + "/uczen");

        Assert.Equal(HttpStatusCode.OK, whileStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.DoesNotContain("id=\"findings\"", member.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, record403.StatusCode);
        Assert.Contains("Zuzia", member.Text("pupils"), StringComparison.Ordinal);
        AssertNoSchoolLink(member);
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPage_ForTheCurrentSecretary_Opens(string page)
    {
        var (_, record) = await Families.AddAsync(factory);
        using var secretary = await factory.SignedInAsync(DemoDataset.SecretarySp1.Email);

        var response = await secretary.GetAsync(PageOf(page, record));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"href=\"{PortalBrowser.Root}/szkola\"", secretary.Html, StringComparison.Ordinal);
    }

    private async Task GiveAndTakeAwaySecretaryRoleAsync(string email)
    {
        var directory = factory.Services.GetRequiredService<SchoolDirectory>();
        var secretary = new StaffAssignment(StaffRole.Secretary, "SP1");
        Assert.True((await directory.AssignStaffAsync(PortalBrowser.Symbol, email, "Maria Testowa", secretary)).Succeeded);
        var left = await directory.UnassignStaffAsync(PortalBrowser.Symbol, email, secretary);
        Assert.Empty(left.Value.Assignments);
    }

    private static string PageOf(string page, StudentRecord record) =>
        PortalBrowser.Root + page.Replace("{record}", record.Id.ToString(), StringComparison.Ordinal);

    private static void AssertNoSchoolLink(PortalBrowser browser)
    {
        Assert.DoesNotContain($"href=\"{PortalBrowser.Root}/szkola\"", browser.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"staff-link\"", browser.Html, StringComparison.Ordinal);
    }
}
