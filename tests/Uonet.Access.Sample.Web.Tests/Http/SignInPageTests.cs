using System.Net;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The sign-in page (R3), the symbol in the address (R6), the language switch and the security headers.</summary>
public sealed class SignInPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    [Fact]
    public async Task SignInPage_ForKnownSymbol_ShowsTheFormInPolish()
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync("/gminawulkanowo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"pl\">", browser.Html, StringComparison.Ordinal);
        Assert.Contains("Przywróć dostęp", browser.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"sign-in\"", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_WithLangEn_ShowsEnglishAndRemembersTheChoice()
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync("/gminawulkanowo?lang=en");
        var english = browser.Html;
        await browser.GetAsync("/gminawulkanowo");

        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("First login / Restore access", english, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", browser.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nieznanygmina")]
    [InlineData("/nieznanygmina/uczen")]
    [InlineData("/x/")]
    [InlineData("/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/%2e%2e/uczen")]
    [InlineData("/gmina_wulkanowo/dostep")]
    public async Task AnyPage_WithUnknownOrMalformedSymbol_Answers404WithAMessage(string path)
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nie ma takiej strony", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_WithSymbolInOtherCase_RedirectsToTheCanonicalAddress()
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync("/GminaWulkanowo/dostep?lang=pl");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gminawulkanowo/dostep?lang=pl", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task EveryPage_SendsCspWithoutInlineScript_NoFraming_NoReferrer_NoStore()
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync("/gminawulkanowo");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.DoesNotContain("<script>", browser.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=\"", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithRightPassword_IssuesAnHttpOnlyCookieScopedToTheInstance()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SetPasswordAsync(email, Families.Password);

        var response = await browser.SignInAsync(email, Families.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gminawulkanowo/uczen", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal));
        Assert.Contains("path=/gminawulkanowo", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsTheLibraryMessageAndIssuesNoCookie()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SetPasswordAsync(email, Families.Password);

        var response = await browser.SignInAsync(email, "to nie jest moje hasło");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([AccessErrorCodes.SignInFailed], browser.ErrorCodes());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/gminawulkanowo/uczen")).StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_ShowsTheLockoutWithItsTime()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SetPasswordAsync(email, Families.Password);

        for (var i = 0; i < 5; i++)
        {
            await browser.SignInAsync(email, "złe hasło numer " + i);
        }

        await browser.SignInAsync(email, Families.Password);

        Assert.Equal([AccessErrorCodes.SignInLockedOut], browser.ErrorCodes());
        Assert.Contains(factory.Time.GetUtcNow().AddMinutes(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_Answers400AndStartsNoSession()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SetPasswordAsync(email, Families.Password);

        var response = await browser.PostAsync("/gminawulkanowo", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Families.Password }, antiforgeryToken: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Formularz wygasł", browser.Html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_WithOversizedField_Answers400NotAServerError()
    {
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/gminawulkanowo", new Dictionary<string, string> { ["Email"] = new string('a', 40_000) + "@example.pl", ["Password"] = Families.Password });

        Assert.Equal(HttpStatusCode.BadRequest, browser.Last!.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithEmptyFields_ShowsSignInFailed()
    {
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/gminawulkanowo", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        Assert.Equal([AccessErrorCodes.SignInFailed], browser.ErrorCodes());
    }

    [Fact]
    public async Task SignInPage_WhenSignedIn_GoesToThePupilSelector()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;

        var response = await browser.GetAsync("/gminawulkanowo/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gminawulkanowo/uczen", response.Headers.Location!.OriginalString);
    }
}
