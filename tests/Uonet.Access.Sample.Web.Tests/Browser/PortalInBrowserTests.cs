using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Uonet.Access.Devices;
using Uonet.Access.Maintenance;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>The portal in a real browser (Chromium, headless): what a parent and a secretary do, end to end. Saves the screenshots of the README.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class PortalInBrowserTests(BrowserPortal browser)
{
    [Fact]
    public async Task GuardianFirstLogin_FromTheOutboxLink_EndsAtTheSelectorWithChildrenOfTwoSchools_R3_R5()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/gminawulkanowo/");
        await browser.ScreenshotAsync(page, "sign-in");
        await page.ClickAsync("#restore-link");
        await page.FillAsync("#restore input[name=Email]", "anna.nowak@example.pl");
        await page.ClickAsync("#restore button[type=submit]");
        await page.ClickAsync("#outbox-link");
        await page.FillAsync("input[name=do]", "anna.nowak@example.pl");
        await page.ClickAsync("form[method=get] button");
        await page.WaitForSelectorAsync("article[data-to='anna.nowak@example.pl']");
        await browser.ScreenshotAsync(page, "outbox");
        await page.ClickAsync("article[data-to='anna.nowak@example.pl'] a.mail-link");
        await BrowserPortal.SetPasswordAsync(page, BrowserPortal.Password);
        await page.ClickAsync("#to-sign-in");
        await page.FillAsync("#sign-in input[name=Email]", "anna.nowak@example.pl");
        await page.FillAsync("#sign-in input[name=Password]", BrowserPortal.Password);
        await page.ClickAsync("#sign-in button[type=submit]");
        await page.WaitForSelectorAsync("#pupils");
        await browser.ScreenshotAsync(page, "selector");

        Assert.EndsWith("/gminawulkanowo/uczen", page.Url, StringComparison.Ordinal);
        var names = await page.Locator("#pupils .name").AllTextContentsAsync();
        Assert.Equal(["Ola Nowak", "Piotr Nowak", "Zosia Nowak"], names);
        var schools = string.Join("|", await page.Locator("#pupils .where").AllTextContentsAsync());
        Assert.Contains("Szkoła Podstawowa nr 1", schools, StringComparison.Ordinal);
        Assert.Contains("Szkoła Podstawowa nr 2", schools, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreAccess_AfterAForgottenPassword_SetsANewOneThatSignsIn_R4()
    {
        var page = await browser.NewPageAsync();
        await browser.FirstLoginAsync(page, "ola.nowak@uczen.example.pl");
        await page.ClickAsync("nav button.link");

        await page.GotoAsync("/gminawulkanowo/");
        await page.ClickAsync("#restore-link");
        await page.FillAsync("#restore input[name=Email]", "ola.nowak@uczen.example.pl");
        await page.ClickAsync("#restore button[type=submit]");
        await page.WaitForSelectorAsync("#restore-sent");
        await page.GotoAsync(await browser.MailedLinkAsync("ola.nowak@uczen.example.pl"));
        await BrowserPortal.SetPasswordAsync(page, "jesienne liście na chodniku");
        await BrowserPortal.SignInAsync(page, "ola.nowak@uczen.example.pl", BrowserPortal.Password);
        var old = await page.Locator("#errors").TextContentAsync();
        await BrowserPortal.SignInAsync(page, "ola.nowak@uczen.example.pl", "jesienne liście na chodniku");
        await page.WaitForSelectorAsync("#pupils");

        Assert.Contains("Nieprawidłowy", old, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Ola Nowak"], await page.Locator("#pupils .name").AllTextContentsAsync());
        Assert.Contains("konto ucznia", await page.Locator("#pupils").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingPage_ShowsAQrCodeThatDecodesToThePayload_WhichRegistersAPhone_R7()
    {
        var (email, _) = await Families.AddAsync(browser.Portal, guardianEmail: "maria.testowa@example.pl");
        var page = await browser.NewPageAsync();
        await browser.FirstLoginAsync(page, email);

        await page.GotoAsync("/gminawulkanowo/dostep-mobilny");
        await page.ClickAsync("#pair button[type=submit]");
        await page.WaitForSelectorAsync("#pairing-qr");
        await page.WaitForFunctionAsync("() => /^\\d+:\\d\\d$/.test(document.querySelector('.countdown').textContent)");
        await browser.ScreenshotAsync(page, "pairing");
        var payload = QrCodes.Decode(QrCodes.FromDataUri((await page.GetAttributeAsync("#pairing-qr", "src"))!));
        var token = (await page.Locator("#pairing-token").TextContentAsync())!.Trim();
        var pin = (await page.Locator("#pairing-pin").TextContentAsync())!.Trim();
        var parsed = PairingPayload.Parse(payload);
        using var http = new HttpClient();
        using var phone = new Phone(http);
        var registered = await http.PostAsJsonAsync(new Uri(parsed.Value.ApiBaseUrl, "register"), new { token = parsed.Value.Token, pin, deviceName = "Telefon z testu", platform = "android", publicKey = Convert.ToBase64String(phone.PublicKey) });

        Assert.True(parsed.Succeeded, payload);
        Assert.Equal(new Uri(browser.Address, "gminawulkanowo/api/mobile/"), parsed.Value.ApiBaseUrl);
        Assert.Equal(token.Replace("-", "", StringComparison.Ordinal), parsed.Value.Token);
        Assert.DoesNotContain(pin, payload, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
    }

    [Fact]
    public async Task StaleCookie_AfterTheSessionGenerationIsBumped_LandsOnTheSignInPageNotAnError_R10()
    {
        var (email, _) = await Families.AddAsync(browser.Portal);
        var page = await browser.NewPageAsync();
        await browser.FirstLoginAsync(page, email);
        await page.WaitForSelectorAsync("#pupils");
        await using var updated = new PortalFactory { DatabasePath = browser.Portal.Database, FakeClock = false, Settings = { ["UonetAccess:Sessions:Generation"] = "2" } };
        updated.UseKestrel(0);
        updated.StartServer();

        // Cookies belong to the host, not the port: the browser brings its old cookie to the updated portal.
        var response = await page.GotoAsync(new Uri(updated.ListeningAddress, "gminawulkanowo/uczen").ToString());

        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        Assert.EndsWith("/gminawulkanowo/", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("#sign-in").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#errors, #session-ended, #maintenance").CountAsync());
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "uonet-sesja");
    }

    [Fact]
    public async Task MaintenancePage_ShowsTheMessageWith503_AndTheSiteReturnsAfterwards_R10()
    {
        var schedule = browser.Portal.Services.GetRequiredService<MaintenanceSchedule>();
        var window = await schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest
        {
            MessagePolish = "Aktualizacja dziennika elektronicznego. Wracamy za pół godziny.",
            MessageEnglish = "The e-register is being updated. Back in half an hour.",
            ExpectedEndAt = DateTimeOffset.UtcNow.AddMinutes(30),
        });
        var page = await browser.NewPageAsync();

        IResponse? during;
        try
        {
            during = await page.GotoAsync("/gminawulkanowo/");
            await browser.ScreenshotAsync(page, "maintenance");
        }
        finally
        {
            await schedule.EndAsOperatorAsync(window.Value.Id);
        }

        var message = await page.Locator("#maintenance .message").TextContentAsync();
        var after = await page.GotoAsync("/gminawulkanowo/");

        Assert.Equal(503, during!.Status);
        Assert.Equal("Aktualizacja dziennika elektronicznego. Wracamy za pół godziny.", message);
        Assert.Equal(200, after!.Status);
    }

    [Fact]
    public async Task StaffDiagnosis_ExplainsWhyAFatherCannotSignIn_AndWhoFixesIt()
    {
        var page = await browser.NewPageAsync();
        await browser.FirstLoginAsync(page, DemoDataset.SecretarySp2.Email);

        await page.GotoAsync("/gminawulkanowo/szkola/diagnoza");
        await page.FillAsync("#diagnosis input[name=Email]", "tomasz.zielinski@example.pl");
        await page.ClickAsync("#diagnosis button[type=submit]");
        await page.WaitForSelectorAsync("#findings");
        await browser.ScreenshotAsync(page, "staff-diagnosis");

        Assert.Equal("False", await page.GetAttributeAsync("#verdict", "data-can-sign-in"));
        Assert.Equal(1, await page.Locator("#findings tr[data-code='Diagnosis.GuardianPeselRequired']").CountAsync());
        Assert.Contains("PESEL", await page.Locator("#findings").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_RunNoInlineScript_UnderTheContentSecurityPolicy()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync("/");
        await page.GotoAsync("/gminawulkanowo/");
        await page.GotoAsync("/gminawulkanowo/dostep");

        Assert.Empty(violations);
        Assert.Equal("rgb(11, 79, 138)", await page.EvalOnSelectorAsync<string>("header.top", "e => getComputedStyle(e).backgroundColor"));
    }
}
