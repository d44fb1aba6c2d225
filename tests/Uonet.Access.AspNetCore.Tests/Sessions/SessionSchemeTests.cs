using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.AspNetCore.Tests.Sessions;

/// <summary>The session scheme over the library's tickets: valid, stale (R10), revoked, another instance's (R6), and its cookie.</summary>
public sealed class SessionSchemeTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Authenticate_ValidTicket_PrincipalWithAccountEmailInstanceAndThePupilsSeenNow_R5()
    {
        var (email, record) = await _host.AddFamilyAsync();
        using var browser = await _host.BrowserSignedInAsync(email);

        var me = await browser.Http.GetFromJsonAsync<AccessHost.Me>(new Uri("/gminawulkanowo/me", UriKind.Relative));

        Assert.NotNull(me);
        Assert.True(Guid.TryParse(me.AccountId, out _));
        Assert.Equal((email, AccessHost.Symbol), (me.Email, me.Instance));
        Assert.Equal([record.Id], me.Pupils);
        Assert.Empty(me.Roles);
    }

    [Fact]
    public async Task SignIn_Cookie_IsHttpOnlyLaxAndScopedToTheInstancePath_R6()
    {
        var (email, _) = await _host.AddFamilyAsync();

        using var browser = await _host.BrowserSignedInAsync(email);

        var cookie = Assert.Single(browser.SignInCookies);
        Assert.StartsWith("uonet-sesja=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/gminawulkanowo", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_OverHttps_CookieIsSecure()
    {
        var (email, _) = await _host.AddFamilyAsync();

        using var browser = await _host.BrowserSignedInAsync(email, https: true);

        Assert.Contains("secure", Assert.Single(browser.SignInCookies), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_WithSameSiteStrictChosen_CookieIsStrict()
    {
        await using var host = await AccessHost.StartAsync(o => o.SessionCookieSameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict);
        var (email, _) = await host.AddFamilyAsync();

        using var browser = await host.BrowserSignedInAsync(email);

        Assert.Contains("samesite=strict", Assert.Single(browser.SignInCookies), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Authenticate_TicketOfAnEarlierGeneration_CookieDroppedQuietlyAndAnonymous_R10()
    {
        var (email, _) = await _host.AddFamilyAsync();
        var ticket = await _host.SignInAsync(email);
        var stale = "0" + ticket[ticket.IndexOf('.', StringComparison.Ordinal)..];
        using var http = _host.Client();

        var me = await SendWithCookieAsync(http, "/gminawulkanowo/me", stale);
        var ended = await SendWithCookieAsync(http, "/gminawulkanowo/ended", stale);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("none", await ended.Content.ReadAsStringAsync());
        AssertCookieDeleted(ended, "/gminawulkanowo");
    }

    [Fact]
    public async Task Authenticate_RevokedTicket_CookieDroppedAndTheReasonAvailable()
    {
        var (email, _) = await _host.AddFamilyAsync();
        var ticket = await _host.SignInAsync(email);
        await _host.Services.GetRequiredService<SessionTickets>().SignOutEverywhereAsync(ticket);
        using var http = _host.Client();

        var me = await SendWithCookieAsync(http, "/gminawulkanowo/me", ticket);
        var ended = await SendWithCookieAsync(http, "/gminawulkanowo/ended", ticket);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(AccessErrorCodes.SessionSignedOut, await ended.Content.ReadAsStringAsync());
        AssertCookieDeleted(ended, "/gminawulkanowo");
    }

    [Fact]
    public async Task Authenticate_TicketOfAnotherInstancesAccount_NeverThisInstancesSession_R6()
    {
        var (email, _) = await _host.AddFamilyAsync(AccessHost.SecretaryLo1, "LO1");
        var ticket = await _host.SignInAsync(email, AccessHost.OtherSymbol);
        using var http = _host.Client();

        var here = await SendWithCookieAsync(http, "/gminawulkanowo/me", ticket);
        var there = await SendWithCookieAsync(http, "/powiatwulkanowy/me", ticket);

        Assert.Equal(HttpStatusCode.Unauthorized, here.StatusCode);
        Assert.Equal(HttpStatusCode.OK, there.StatusCode);
    }

    [Fact]
    public async Task Authenticate_CookieOfOneInstance_IsNotSentToAnother_R6()
    {
        var (email, _) = await _host.AddFamilyAsync();
        using var browser = await _host.BrowserSignedInAsync(email);

        var other = await browser.Http.GetAsync(new Uri("/powiatwulkanowy/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task PlainAuthorize_UsesTheSessionAsDefaultScheme()
    {
        var (email, _) = await _host.AddFamilyAsync();
        using var browser = await _host.BrowserSignedInAsync(email);
        using var anonymous = _host.Client();

        var signedIn = await browser.Http.GetAsync(new Uri("/gminawulkanowo/plain", UriKind.Relative));
        var nobody = await anonymous.GetAsync(new Uri("/gminawulkanowo/plain", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
    }

    [Fact]
    public async Task Challenge_WithASignInPath_RedirectsToTheInstancesSignInPageWithReturnUrl()
    {
        await using var host = await AccessHost.StartAsync(o => o.SignInPath = "/logowanie");
        using var http = host.Client();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/me?x=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gminawulkanowo/logowanie?ReturnUrl=%2Fgminawulkanowo%2Fme%3Fx%3D1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Challenge_WithoutAReturnUrlParameter_RedirectsToTheSignInPageAlone()
    {
        await using var host = await AccessHost.StartAsync(o =>
        {
            o.SignInPath = "/";
            o.SignInReturnUrlParameter = null;
        });
        using var http = host.Client();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/me?x=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gminawulkanowo/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Challenge_AfterARevokedSessionWithAReasonParameter_TellsTheSignInPageWhy()
    {
        await using var host = await AccessHost.StartAsync(o =>
        {
            o.SignInPath = "/logowanie";
            o.SignInReasonParameter = "powod";
        });
        var (email, _) = await host.AddFamilyAsync();
        var ticket = await host.SignInAsync(email);
        await host.Services.GetRequiredService<SessionTickets>().SignOutEverywhereAsync(ticket);
        using var http = host.Client();

        var revoked = await SendWithCookieAsync(http, "/gminawulkanowo/me", ticket);
        var anonymous = await http.GetAsync(new Uri("/gminawulkanowo/me", UriKind.Relative));

        Assert.Equal("/gminawulkanowo/logowanie?ReturnUrl=%2Fgminawulkanowo%2Fme&powod=Session.SignedOut", revoked.Headers.Location!.OriginalString);
        Assert.Equal("/gminawulkanowo/logowanie?ReturnUrl=%2Fgminawulkanowo%2Fme", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Challenge_AfterAStaleTicketWithAReasonParameter_SaysNothing_R10()
    {
        await using var host = await AccessHost.StartAsync(o =>
        {
            o.SignInPath = "/";
            o.SignInReturnUrlParameter = string.Empty;
            o.SignInReasonParameter = "powod";
        });
        var (email, _) = await host.AddFamilyAsync();
        var ticket = await host.SignInAsync(email);
        using var http = host.Client();

        var response = await SendWithCookieAsync(http, "/gminawulkanowo/me", "0" + ticket[ticket.IndexOf('.', StringComparison.Ordinal)..]);

        Assert.Equal("/gminawulkanowo/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_RevokesTheSessionInTheLibraryAndDropsTheCookie()
    {
        var (email, _) = await _host.AddFamilyAsync();
        using var browser = await _host.BrowserSignedInAsync(email);
        var ticket = browser.Cookies.Cookies.GetCookies(new Uri("http://localhost/gminawulkanowo/"))["uonet-sesja"]!.Value;

        var signedOut = await browser.Http.PostAsync(new Uri("/gminawulkanowo/signout", UriKind.Relative), null);
        var validation = await _host.Services.GetRequiredService<SessionTickets>().ValidateAsync(ticket);
        var me = await browser.Http.GetAsync(new Uri("/gminawulkanowo/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(SessionStatus.Revoked, validation.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Null(browser.Cookies.Cookies.GetCookies(new Uri("http://localhost/gminawulkanowo/"))["uonet-sesja"]);
    }

    [Fact]
    public async Task Authenticate_StaffMember_RoleUnitAndClassClaims()
    {
        using var teacher = await _host.BrowserSignedInAsync(AccessHost.TeacherSp1Class4A.Email);

        var me = await teacher.Http.GetFromJsonAsync<AccessHost.Me>(new Uri("/gminawulkanowo/me", UriKind.Relative));

        Assert.NotNull(me);
        Assert.Equal([nameof(StaffRole.ClassTeacher)], me.Roles);
        Assert.Equal(["SP1"], me.Units);
        Assert.Equal(["SP1/4A"], me.Classes);
    }

    internal static async Task<HttpResponseMessage> SendWithCookieAsync(HttpClient http, string path, string ticket)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "uonet-sesja=" + ticket);
        return await http.SendAsync(request);
    }

    private static void AssertCookieDeleted(HttpResponseMessage response, string path)
    {
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("uonet-sesja=;", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=" + path, cookie, StringComparison.OrdinalIgnoreCase);
    }
}
