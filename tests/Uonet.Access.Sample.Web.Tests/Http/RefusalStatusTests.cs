using System.Net;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// A page refusing with the library's code answers the HTTP status that code means (one map for pages and the mobile
/// API), and still shows the page with the message: a role refusal is 403, a locked address 423 with
/// <c>Retry-After</c> until the lock ends.
/// </summary>
public sealed class RefusalStatusTests(StaffPortalFactory factory) : IClassFixture<StaffPortalFactory>
{
    [Fact]
    public async Task Records_OfAnotherUnitForTheSecretary_Answers403WithStaffOtherUnitShown_R1()
    {
        using var secretary = await factory.SignedInAsync(DemoDataset.SecretarySp1.Email);

        var response = await secretary.GetAsync("/gminawulkanowo/szkola/uczniowie?jednostka=SP2");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([AccessErrorCodes.StaffOtherUnit], secretary.ErrorCodes());
        Assert.False(string.IsNullOrWhiteSpace(secretary.Text("errors")));
    }

    [Fact]
    public async Task NewRecord_ByTheClassTeacher_Answers403WithStaffNotAllowedShown_R1()
    {
        using var teacher = await factory.SignedInAsync(DemoDataset.TeacherSp1Class4A.Email);

        var response = await teacher.SubmitAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1", new Dictionary<string, string>
        {
            ["Student.ClassName"] = "4a",
            ["Student.FirstName"] = "Ala",
            ["Student.LastName"] = "Kot",
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([AccessErrorCodes.StaffNotAllowed], teacher.ErrorCodes());
    }

    [Fact]
    public async Task Maintenance_ScheduledByASecretary_Answers403WithStaffNotAllowedShown()
    {
        using var secretary = await factory.SignedInAsync(DemoDataset.SecretarySp1.Email);

        var response = await secretary.SubmitAsync("/gminawulkanowo/szkola/przerwy", new Dictionary<string, string> { ["MessagePolish"] = "Nie wolno", ["StartsInMinutes"] = "0", ["LastsMinutes"] = "30" }, "/gminawulkanowo/szkola/przerwy?handler=Schedule");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([AccessErrorCodes.StaffNotAllowed], secretary.ErrorCodes());
    }

    [Fact]
    public async Task SignIn_LockedAddress_Answers423WithRetryAfterUntilTheLockEnds()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SetPasswordAsync(email, Families.Password);
        for (var i = 0; i < 4; i++)
        {
            await browser.SignInAsync(email, "złe hasło numer " + i);
            Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        }

        var fifth = await browser.SignInAsync(email, "złe hasło numer 5");
        factory.Time.Advance(TimeSpan.FromSeconds(100));
        var rightPassword = await browser.SignInAsync(email, Families.Password);

        Assert.Equal((HttpStatusCode)423, fifth.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), fifth.Headers.RetryAfter!.Delta);
        Assert.Equal((HttpStatusCode)423, rightPassword.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(200), rightPassword.Headers.RetryAfter!.Delta);
        Assert.Equal([AccessErrorCodes.SignInLockedOut], browser.ErrorCodes());
        Assert.Contains("id=\"sign-in\"", browser.Html, StringComparison.Ordinal);
        Assert.False(rightPassword.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal)));
    }
}
