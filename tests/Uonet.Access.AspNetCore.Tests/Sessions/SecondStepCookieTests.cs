using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Tests.Infrastructure;

namespace Uonet.Access.AspNetCore.Tests.Sessions;

/// <summary>The second-step cookie: only the second-factor ticket, protected, HttpOnly, Strict, path-scoped, five minutes.</summary>
public sealed class SecondStepCookieTests : IAsyncLifetime
{
    private const string Ticket = "2f.QmFzZTY0VXJsT2ZUaGlydHlUd29SYW5kb21CeXRlcw";
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Keep_Cookie_HoldsOnlyTheTicketEncryptedHttpOnlyStrictPathScopedFiveMinutes()
    {
        var browser = new CookieBrowser();
        using var http = _host.Client(browser);

        await http.PostAsync(new Uri($"/gminawulkanowo/second-step?ticket={Uri.EscapeDataString(Ticket)}", UriKind.Relative), null);

        var line = Assert.Single(browser.LastSetCookies);
        Assert.Contains("path=/gminawulkanowo", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=300", line, StringComparison.OrdinalIgnoreCase);
        var value = browser.Cookies.GetCookies(new Uri("http://localhost/gminawulkanowo/"))["uonet-drugi-krok"]!.Value;
        Assert.DoesNotContain(Ticket, value, StringComparison.Ordinal);
        var plain = _host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Uonet.Access.AspNetCore.SecondStep").Unprotect(value);
        var expires = _host.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        Assert.Equal($"gminawulkanowo\n{expires}\n{Ticket}", plain);
    }

    [Fact]
    public async Task Find_WithinFiveMinutes_TheTicket_AfterThemNone()
    {
        var browser = new CookieBrowser();
        using var http = _host.Client(browser);
        await http.PostAsync(new Uri($"/gminawulkanowo/second-step?ticket={Uri.EscapeDataString(Ticket)}", UriKind.Relative), null);
        var cookie = "uonet-drugi-krok=" + browser.Cookies.GetCookies(new Uri("http://localhost/gminawulkanowo/"))["uonet-drugi-krok"]!.Value;

        _host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var before = await FindAsync(http, "/gminawulkanowo/second-step", cookie);
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await FindAsync(http, "/gminawulkanowo/second-step", cookie);

        Assert.Equal(Ticket, before);
        Assert.Equal("none", after);
    }

    [Fact]
    public async Task Find_AtAnotherInstance_NoneEvenWhenTheCookieIsSentThere_R6()
    {
        var browser = new CookieBrowser();
        using var http = _host.Client(browser);
        await http.PostAsync(new Uri($"/gminawulkanowo/second-step?ticket={Uri.EscapeDataString(Ticket)}", UriKind.Relative), null);
        var cookie = "uonet-drugi-krok=" + browser.Cookies.GetCookies(new Uri("http://localhost/gminawulkanowo/"))["uonet-drugi-krok"]!.Value;

        var sentByTheBrowser = await http.GetStringAsync(new Uri("/powiatwulkanowy/second-step", UriKind.Relative));
        var forced = await FindAsync(http, "/powiatwulkanowy/second-step", cookie);
        var home = await http.GetStringAsync(new Uri("/gminawulkanowo/second-step", UriKind.Relative));

        Assert.Equal("none", sentByTheBrowser);
        Assert.Equal("none", forced);
        Assert.Equal(Ticket, home);
    }

    [Fact]
    public async Task Find_TamperedCookie_None()
    {
        var browser = new CookieBrowser();
        using var http = _host.Client(browser);
        await http.PostAsync(new Uri($"/gminawulkanowo/second-step?ticket={Uri.EscapeDataString(Ticket)}", UriKind.Relative), null);
        var value = browser.Cookies.GetCookies(new Uri("http://localhost/gminawulkanowo/"))["uonet-drugi-krok"]!.Value;
        var tampered = value[..20] + (value[20] == 'A' ? 'B' : 'A') + value[21..];

        Assert.Equal("none", await FindAsync(http, "/gminawulkanowo/second-step", "uonet-drugi-krok=" + tampered));
    }

    [Fact]
    public async Task Drop_RemovesTheCookie()
    {
        var browser = new CookieBrowser();
        using var http = _host.Client(browser);
        await http.PostAsync(new Uri($"/gminawulkanowo/second-step?ticket={Uri.EscapeDataString(Ticket)}", UriKind.Relative), null);

        await http.DeleteAsync(new Uri("/gminawulkanowo/second-step", UriKind.Relative));

        Assert.Equal("none", await http.GetStringAsync(new Uri("/gminawulkanowo/second-step", UriKind.Relative)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("anna.nowak@example.pl hasło")]
    [InlineData("bilet\nz nową linią")]
    public void Keep_NotATicket_Refused(string notATicket)
    {
        var step = _host.Services.GetRequiredService<AspNetCore.Sessions.SecondStepCookie>();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();

        Assert.Throws<ArgumentException>(() => step.Keep(context, AccessHost.Symbol, notATicket));
        Assert.False(context.Response.Headers.ContainsKey("Set-Cookie"));
    }

    private static async Task<string> FindAsync(HttpClient http, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
