using System.Net;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The session cookie backed by the library's tickets, validated on every request: Stale is quiet (R10), Revoked says why.</summary>
public sealed class SessionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    [Fact]
    public async Task Page_WithUnreadableSessionCookie_DropsItQuietlyAndShowsSignIn_R10()
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetWithCookieAsync("/gminawulkanowo/uczen", "uonet-sesja=1.zepsute.ciasteczko");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gminawulkanowo/", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("uonet-sesja=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_WithTicketOfAnEarlierGeneration_LandsOnSignInWithoutAnyError_R10()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;
        var ticket = SessionTicketOf(browser.Last!);
        using var updated = new PortalFactory { DatabasePath = factory.Database, Settings = { ["UonetAccess:Sessions:Generation"] = "2" } };
        using var afterDeploy = new PortalBrowser(updated);

        var response = await afterDeploy.GetWithCookieAsync("/gminawulkanowo/uczen", "uonet-sesja=" + ticket);
        await afterDeploy.GetAsync(response.Headers.Location!.OriginalString);

        Assert.Equal("/gminawulkanowo/", response.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, afterDeploy.Last!.StatusCode);
        Assert.Contains("id=\"sign-in\"", afterDeploy.Html, StringComparison.Ordinal);
        Assert.Null(afterDeploy.Text("session-ended"));
        Assert.Empty(afterDeploy.ErrorCodes());
    }

    [Fact]
    public async Task SignOutEverywhere_EndsTheOtherBrowsersSession_WhichIsToldWhy()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var first = new PortalBrowser(factory);
        using var second = new PortalBrowser(factory);
        await first.FirstLoginAsync(email, Families.Password);
        await second.SignInAsync(email, Families.Password);

        await first.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string>(), "/gminawulkanowo/konto?handler=SignOutEverywhere");
        var own = first.Last!.Headers.Location!.OriginalString;
        var other = await second.GetAsync("/gminawulkanowo/uczen");
        await second.GetAsync(other.Headers.Location!.OriginalString);

        Assert.Equal("/gminawulkanowo/?powod=Session.SignedOut", own);
        Assert.StartsWith("/gminawulkanowo/?powod=Session.", other.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.NotNull(second.Text("session-ended"));
    }

    [Fact]
    public async Task SessionCookie_OfOneInstance_IsNoSessionAtAnother_R6()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;
        var ticket = SessionTicketOf(browser.Last!);

        var response = await browser.GetWithCookieAsync("/powiatwulkanowy/uczen", "uonet-sesja=" + ticket);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/powiatwulkanowy/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionForGood()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;
        var ticket = SessionTicketOf(browser.Last!);

        await browser.SubmitAsync("/gminawulkanowo/uczen", new Dictionary<string, string>(), "/gminawulkanowo/wyloguj");
        using var other = new PortalBrowser(factory);
        var response = await other.GetWithCookieAsync("/gminawulkanowo/uczen", "uonet-sesja=" + ticket);

        Assert.Equal("/gminawulkanowo/?powod=Session.SignedOut", browser.Last!.Headers.Location!.OriginalString);
        Assert.Equal("/gminawulkanowo/?powod=Session.SignedOut", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInPage_WithAnUnknownReason_ShowsNothingOfIt()
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync("/gminawulkanowo/?powod=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.Null(browser.Text("session-ended"));
        Assert.DoesNotContain("alert(1)", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionIdleForLongerThanTheTimeout_EndsWithTheExpiredMessage()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;

        factory.Time.Advance(TimeSpan.FromMinutes(31));
        var response = await browser.GetAsync("/gminawulkanowo/uczen");

        Assert.Equal("/gminawulkanowo/?powod=Session.Expired", response.Headers.Location!.OriginalString);
    }

    private static string SessionTicketOf(HttpResponseMessage signIn)
    {
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal));
        return cookie["uonet-sesja=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }
}
