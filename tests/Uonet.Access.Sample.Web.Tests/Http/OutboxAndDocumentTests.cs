using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The Development outbox page, and the static OpenAPI document of the mobile API.</summary>
public sealed class OutboxAndDocumentTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task OutboxPage_InDevelopment_ShowsTheMailWithAClickableLink()
    {
        using var browser = new PortalBrowser(factory);
        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = "ola.nowak@uczen.example.pl" });

        var response = await browser.GetAsync("/dev/poczta?do=Ola.Nowak@uczen.example.pl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-to=\"ola.nowak@uczen.example.pl\"", browser.Html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"http://localhost/gminawulkanowo/dostep/ustaw-haslo\\?token=[A-Za-z0-9_-]{43}\" class=\"mail-link\">", browser.Html);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task FrontPage_InDevelopment_ListsTheInstancesAndTheDemoAddresses()
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync("/");

        Assert.Contains("href=\"/gminawulkanowo/\"", browser.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/powiatwulkanowy/\"", browser.Html, StringComparison.Ordinal);
        Assert.Contains("tomasz.zielinski@example.pl", browser.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", "<title>Witryna ucznia i rodzica — Dziennik elektroniczny</title>")]
    [InlineData("/?lang=en", "<title>Pupil and parent portal — E-register</title>")]
    [InlineData("/gminawulkanowo/", "<title>Logowanie — Gmina Wulkanowo</title>")]
    [InlineData("/deklaracja-dostepnosci", "<title>Deklaracja dostępności — Dziennik elektroniczny</title>")]
    [InlineData("/?lang=uk", "<title>Сайт для учнів і батьків — Електронний журнал</title>")]
    public async Task PageTitle_NamesThePageThenTheSite_WithoutRepeatingIt(string url, string title)
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync(url);

        Assert.Contains(title, browser.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", "Deklaracja dostępności")]
    [InlineData("/gminawulkanowo/", "Deklaracja dostępności")]
    [InlineData("/gminawulkanowo/dostep?lang=en", "Accessibility statement")]
    [InlineData("/gminawulkanowo/dostep?lang=uk", "Декларація доступності")]
    public async Task Footer_OnEveryPage_LinksTheAccessibilityStatement(string url, string label)
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync(url);

        Assert.Contains($"<a href=\"/deklaracja-dostepnosci\" id=\"accessibility-statement-link\">{label}</a>", browser.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl", "Deklaracja dostępności", "Rzecznika Praw Obywatelskich")]
    [InlineData("en", "Accessibility statement", "Commissioner for Human Rights")]
    [InlineData("uk", "Декларація доступності", "Уповноваженого з прав людини")]
    public async Task AccessibilityStatement_HasTheSectionsTheActRequires_WithPlaceholdersForTheSchool(string language, string heading, string ombudsman)
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync("/deklaracja-dostepnosci?lang=" + language);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<h1 id=\"a11y-wstep\">{heading}</h1>", browser.Html, StringComparison.Ordinal);
        foreach (var id in new[] { "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura" })
        {
            Assert.Contains($"id=\"{id}\"", browser.Html, StringComparison.Ordinal);
        }

        Assert.Contains(ombudsman, browser.Html, StringComparison.Ordinal);
        Assert.Contains("axe-core", browser.Html, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"placeholder\">", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheThreeMobileEndpoints()
    {
        using var http = factory.CreateClient();

        var response = await http.GetAsync(new Uri("/openapi.json", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["/{symbol}/api/mobile/register", "/{symbol}/api/mobile/pupils", "/{symbol}/api/mobile/pupils/{studentId}"], paths);
    }

    [Fact]
    public async Task MobileApi_WithAWrongMethod_AnswersNoServerError()
    {
        using var http = factory.CreateClient();

        var response = await http.DeleteAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));

        Assert.True((int)response.StatusCode is >= 400 and < 500);
    }
}

/// <summary>Outside Development: no outbox page, and an empty database stays empty (never seeded silently).</summary>
public sealed class ProductionTests(ProductionTests.Factory factory) : IClassFixture<ProductionTests.Factory>
{
    [Fact]
    public async Task OutboxPage_InProduction_Answers404()
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync("/dev/poczta");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task EmptyDatabase_InProduction_GetsNoDemoData()
    {
        using var browser = new PortalBrowser(factory);

        var front = await browser.GetAsync("/");
        var demo = await browser.GetAsync("/gminawulkanowo/");

        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, demo.StatusCode);
    }

    public class Factory : PortalFactory
    {
        public Factory()
        {
            EnvironmentName = "Production";
            Settings["UonetAccess:AccessLinks:AllowDevelopmentHumanCheck"] = "true";

            // Outside Development the host configures the key that protects queued mail at rest.
            Settings["UonetAccess:Mail:Protection:Keys:portal-tests"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }
    }
}

/// <summary>Outside Development the demo district comes only when asked for with <c>--demo</c> (Portal:Demo).</summary>
public sealed class ProductionDemoTests(ProductionDemoTests.Factory factory) : IClassFixture<ProductionDemoTests.Factory>
{
    [Fact]
    public async Task EmptyDatabase_InProductionWithDemo_GetsTheDemoDistrict()
    {
        using var browser = new PortalBrowser(factory);

        var demo = await browser.GetAsync("/gminawulkanowo/");

        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
    }

    public sealed class Factory : ProductionTests.Factory
    {
        public Factory()
        {
            Settings["Portal:Demo"] = "true";
        }
    }
}

/// <summary>With an <c>Smtp</c> section the library's mail goes out through MailKit instead of the pickup folder.</summary>
public sealed class SmtpConfigurationTests(SmtpConfigurationTests.Factory factory) : IClassFixture<SmtpConfigurationTests.Factory>
{
    [Fact]
    public void SmtpSection_ChoosesTheMailKitSenderWithItsSettings()
    {
        var sender = factory.Services.GetRequiredService<Uonet.Access.Mail.IMailSender>();
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Uonet.Access.MailKit.SmtpOptions>>().Value;

        Assert.IsType<Uonet.Access.MailKit.SmtpMailSender>(sender);
        Assert.Equal(("smtp.szkola.example.pl", 2525), (options.Host, options.Port));
    }

    public sealed class Factory : PortalFactory
    {
        public Factory()
        {
            Settings["Smtp:Host"] = "smtp.szkola.example.pl";
            Settings["Smtp:Port"] = "2525";
            Settings["Smtp:Security"] = "None";
        }
    }
}
