using System.Net;
using System.Text.RegularExpressions;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// <i>Konto → Aktywne sesje</i> and <i>Historia bezpieczeństwa</i> (ASVS 5.0 7.5.1–7.5.2): the account holder sees
/// every active session with its browser and network, ends another one only after typing the password again, and sees
/// the last security events of the account.
/// </summary>
public sealed partial class SessionsAndHistoryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AccountPage_TwoBrowsers_ListsBothSessionsWithThisOneMarkedAndTheSignInsInTheHistory()
    {
        using var family = await Families.SignedInAsync(factory);
        using var other = new PortalBrowser(factory);
        await other.SignInAsync(family.Email, Families.Password);

        await family.Browser.GetAsync("/gminawulkanowo/konto");

        Assert.Equal(2, SessionRow().Matches(family.Browser.Html).Count);
        Assert.Single(ThisSession().Matches(family.Browser.Html));
        Assert.True(SignedInEvent().Matches(family.Browser.Html).Count >= 2, family.Browser.Html);
    }

    [Fact]
    public async Task EndSession_AnotherWithoutThePassword_RefusedAndStillSignedInThere()
    {
        using var family = await Families.SignedInAsync(factory);
        using var other = new PortalBrowser(factory);
        await other.SignInAsync(family.Email, Families.Password);
        await family.Browser.GetAsync("/gminawulkanowo/konto");
        var otherId = OtherSessionId(family.Browser.Html);

        await family.Browser.PostAsync("/gminawulkanowo/konto?handler=EndSession", new Dictionary<string, string> { ["sessionId"] = otherId, ["password"] = "to nie jest haslo" }, family.Browser.AntiforgeryToken());
        var refused = family.Browser.ErrorCodes();
        var stillThere = await other.GetAsync("/gminawulkanowo/uczen");

        Assert.Equal([AccessErrorCodes.PasswordCurrentInvalid], refused);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task EndSession_AnotherWithThePassword_EndsItAndKeepsThisOne()
    {
        using var family = await Families.SignedInAsync(factory);
        using var other = new PortalBrowser(factory);
        await other.SignInAsync(family.Email, Families.Password);
        await family.Browser.GetAsync("/gminawulkanowo/konto");
        var otherId = OtherSessionId(family.Browser.Html);

        await family.Browser.PostAsync("/gminawulkanowo/konto?handler=EndSession", new Dictionary<string, string> { ["sessionId"] = otherId, ["password"] = Families.Password }, family.Browser.AntiforgeryToken());
        var afterEnd = family.Browser.Html;
        var there = await other.GetAsync("/gminawulkanowo/uczen");
        var here = await family.Browser.GetAsync("/gminawulkanowo/uczen");

        Assert.Empty(family.Browser.ErrorCodes());
        Assert.Single(SessionRow().Matches(afterEnd));
        Assert.Equal(HttpStatusCode.Redirect, there.StatusCode);
        Assert.Equal(HttpStatusCode.OK, here.StatusCode);
    }

    private static string OtherSessionId(string html) =>
        SessionRowWithId().Matches(html).Select(m => m.Groups[1].Value).Single(id => !ThisSessionRow(id).IsMatch(html));

    private static Regex ThisSessionRow(string id) => new($"data-session=\"{id}\">\\s*<td>[^<]*<strong>", RegexOptions.None, TimeSpan.FromSeconds(1));

    [GeneratedRegex("<tr data-session=\"")]
    private static partial Regex SessionRow();

    [GeneratedRegex("<tr data-session=\"([0-9a-f-]{36})\"")]
    private static partial Regex SessionRowWithId();

    [GeneratedRegex("\\((ta sesja|this session)\\)")]
    private static partial Regex ThisSession();

    [GeneratedRegex("<tr data-kind=\"SignInSucceeded\">")]
    private static partial Regex SignedInEvent();
}
