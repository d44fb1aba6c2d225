using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Mail;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// <c>?lang=uk</c> and <c>Accept-Language: uk</c>: the portal's own words in Ukrainian, <c>lang="uk"</c> on the page, and
/// the library asked in Ukrainian (its messages are not the Polish ones; their wording is the library's).
/// </summary>
public sealed class UkrainianPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task SignInPage_WithLangUk_ShowsUkrainianAndRemembersTheChoice()
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync("/gminawulkanowo?lang=uk");
        var ukrainian = browser.Html;
        await browser.GetAsync("/gminawulkanowo");

        Assert.Contains("<html lang=\"uk\">", ukrainian, StringComparison.Ordinal);
        Assert.Contains("<h1>Вхід</h1>", ukrainian, StringComparison.Ordinal);
        Assert.Contains("Перший вхід / Відновити доступ", ukrainian, StringComparison.Ordinal);
        Assert.Contains(">Увійти</button>", ukrainian, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"uk\">", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_OnEveryLanguage_OffersTheOtherTwoInTheirOwnNames()
    {
        using var browser = new PortalBrowser(factory);
        var offered = new Dictionary<string, string>();

        foreach (var language in new[] { "pl", "en", "uk" })
        {
            await browser.GetAsync("/gminawulkanowo?lang=" + language);
            offered[language] = browser.Html;
        }

        const string Ukrainian = "<a href=\"/gminawulkanowo?lang=uk\" lang=\"uk\" hreflang=\"uk\" class=\"language\">Українська</a>";
        const string English = "<a href=\"/gminawulkanowo?lang=en\" lang=\"en\" hreflang=\"en\" class=\"language\">English</a>";
        const string Polish = "<a href=\"/gminawulkanowo?lang=pl\" lang=\"pl\" hreflang=\"pl\" class=\"language\">Polski</a>";
        Assert.Contains(Ukrainian, offered["pl"], StringComparison.Ordinal);
        Assert.Contains(English, offered["pl"], StringComparison.Ordinal);
        Assert.DoesNotContain(Polish, offered["pl"], StringComparison.Ordinal);
        Assert.Contains(Ukrainian, offered["en"], StringComparison.Ordinal);
        Assert.Contains(Polish, offered["uk"], StringComparison.Ordinal);
        Assert.Contains(English, offered["uk"], StringComparison.Ordinal);
        Assert.DoesNotContain(Ukrainian, offered["uk"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstLogin_InUkrainian_AnswersInUkrainianAndTheMailIsNotPolish_R3()
    {
        var (email, _) = await Families.AddAsync(factory);
        var (polishEmail, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        using var polishBrowser = new PortalBrowser(factory);
        var outbox = factory.Services.GetRequiredService<DevelopmentOutbox>();

        await browser.GetAsync("/gminawulkanowo/dostep?lang=uk");
        var form = browser.Html;
        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        await polishBrowser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = polishEmail });
        var mail = (await outbox.ListAsync(email, 10, CancellationToken.None)).Single().Message;
        var polishMail = (await outbox.ListAsync(polishEmail, 10, CancellationToken.None)).Single().Message;
        await browser.GetAsync(new Uri(mail.Link!).PathAndQuery);

        Assert.Contains("<html lang=\"uk\">", form, StringComparison.Ordinal);
        Assert.Contains("Надіслати посилання", form, StringComparison.Ordinal);
        Assert.Contains("Перший вхід / Відновити доступ", form, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"uk\">", browser.Html, StringComparison.Ordinal);
        Assert.Contains("Встановіть пароль", browser.Html, StringComparison.Ordinal);
        Assert.Contains("Повторіть пароль", browser.Html, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
        Assert.NotEqual(polishMail.Subject, mail.Subject);
    }

    [Fact]
    public async Task RestoreSent_InUkrainian_SaysTheSameForEveryAddress_R3()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.GetAsync("/gminawulkanowo/dostep?lang=uk");

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        var known = browser.Text("restore-sent");
        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = $"nikt.{Guid.NewGuid():N}@example.pl" });

        Assert.Equal(known, browser.Text("restore-sent"));
        Assert.Contains("ми надіслали на неї лист", known, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPasswordInUkrainian_ShowsTheLibraryMessageNotInPolish()
    {
        using var family = await Families.SignedInAsync(factory);
        using var polish = new PortalBrowser(factory);
        using var ukrainian = new PortalBrowser(factory);
        await ukrainian.GetAsync("/gminawulkanowo?lang=uk");

        await polish.SignInAsync(family.Email, "to nie jest hasło rodzica");
        await ukrainian.SignInAsync(family.Email, "to nie jest hasło rodzica");
        var polishMessage = polish.Text("errors");
        var ukrainianMessage = ukrainian.Text("errors");

        Assert.Equal(polish.ErrorCodes(), ukrainian.ErrorCodes());
        Assert.Contains("Не вдалося", ukrainianMessage, StringComparison.Ordinal);
        Assert.NotEqual(polishMessage!.Replace("Nie udało się", string.Empty, StringComparison.Ordinal), ukrainianMessage!.Replace("Не вдалося", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccountPages_InUkrainian_ShowUkrainianWithLangUk()
    {
        using var family = await Families.SignedInAsync(factory);
        var browser = family.Browser;

        await browser.GetAsync("/gminawulkanowo/konto?lang=uk");
        var account = browser.Html;
        await browser.GetAsync("/gminawulkanowo/uczen");
        var pupils = browser.Html;
        await browser.GetAsync("/gminawulkanowo/dostep-mobilny");

        Assert.Contains("<html lang=\"uk\">", account, StringComparison.Ordinal);
        Assert.Contains("Безпека облікового запису", account, StringComparison.Ordinal);
        Assert.Contains("Зміна пароля", account, StringComparison.Ordinal);
        Assert.Contains("Активні сеанси", account, StringComparison.Ordinal);
        Assert.Contains(">Вийти <span class=\"who\">", account, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"uk\">", pupils, StringComparison.Ordinal);
        Assert.Contains("мати", pupils, StringComparison.Ordinal);
        Assert.Contains("<h1>Мобільний доступ</h1>", browser.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk")]
    [InlineData("uk-UA")]
    [InlineData("uk-UA, pl;q=0.8")]
    [InlineData("de-DE, uk;q=0.9, pl;q=0.5")]
    public async Task MobileApi_WithAcceptLanguageUk_DoesNotAnswerInPolish(string acceptLanguage)
    {
        using var http = factory.CreateClient();

        var polish = await MobileMessageAsync(http, "pl");
        var ukrainian = await MobileMessageAsync(http, acceptLanguage);

        Assert.Equal(polish.Code, ukrainian.Code);
        Assert.False(string.IsNullOrWhiteSpace(ukrainian.Message));
        Assert.NotEqual(polish.Message, ukrainian.Message);
    }

    private static async Task<MobileAccessTests.ApiError> MobileMessageAsync(HttpClient http, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return await MobileAccessTests.ErrorAsync(response);
    }
}
