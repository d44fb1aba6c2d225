using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Uonet.Access.Maintenance;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>
/// WCAG 2.1 AA on every page of the portal, in each state a person meets it: anonymous, signed-in guardian, staff,
/// and every error and confirmation (Polish law requires it of an e-register). See <see cref="AccessibilityAudit"/>
/// for what each state is checked for; <c>UONET_ACCESS_A11Y_FULL=1</c> runs the full sweep.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserPortal browser)
{
    public static TheoryData<string> Languages => AccessibilityAudit.Languages;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task AnonymousPages_InEveryState_MeetWcag21AA_R3_R4_R10(string language)
    {
        var audit = new AccessibilityAudit();
        var page = await browser.NewPageAsync(language: language);

        await page.GotoAsync("/");
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        await audit.CheckAsync(page, "home page");
        await page.GotoAsync("/deklaracja-dostepnosci");
        await audit.CheckAsync(page, "accessibility statement");
        await page.GotoAsync("/gminawulkanowo/");
        await audit.CheckAsync(page, "sign-in");
        await PhoneScreenshotAsync(page, language, "sign-in");
        await BrowserPortal.SignInAsync(page, $"nieznany.{language}@example.pl", "to nie jest moje hasło");
        await page.WaitForSelectorAsync("#errors");
        await audit.CheckAsync(page, "sign-in with a wrong password");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await BrowserPortal.SignInAsync(page, $"zablokowany.{language}@example.pl", "to nie jest moje hasło");
        }

        await page.WaitForSelectorAsync("#errors li[data-code='SignIn.LockedOut']");
        await audit.CheckAsync(page, "sign-in locked out");

        await page.GotoAsync("/gminawulkanowo/dostep");
        await audit.CheckAsync(page, "first login / Przywróć dostęp");
        var (email, _) = await Families.AddAsync(browser.Portal, guardianEmail: $"a11y.anonim.{language}@example.pl");
        await page.FillAsync("#restore input[name=Email]", email);
        await page.ClickAsync("#restore button[type=submit]");
        await page.WaitForSelectorAsync("#restore-sent");
        await audit.CheckAsync(page, "first login: link sent");

        var link = await browser.MailedLinkAsync(email);
        await page.GotoAsync(link);
        await audit.CheckAsync(page, "set password with a valid link");
        await page.FillAsync("#set-password input[name=Password]", BrowserPortal.Password);
        await page.FillAsync("#set-password input[name=Repeated]", "inne hasło niż tamto");
        await page.ClickAsync("#set-password button[type=submit]");
        await page.WaitForSelectorAsync("#mismatch");
        await audit.CheckAsync(page, "set password: the two fields differ");
        await page.FillAsync("#set-password input[name=Password]", "qwerty123");
        await page.FillAsync("#set-password input[name=Repeated]", "qwerty123");
        await page.ClickAsync("#set-password button[type=submit]");
        await page.WaitForSelectorAsync("#errors");
        await audit.CheckAsync(page, "set password: refused by the policy");
        await BrowserPortal.SetPasswordAsync(page, BrowserPortal.Password);
        await audit.CheckAsync(page, "password set");
        await page.GotoAsync(link);
        await page.WaitForSelectorAsync("#errors");
        await audit.CheckAsync(page, "set password with a used (expired) link");

        await page.GotoAsync($"/gminawulkanowo/dostep/ustaw-haslo?token={new string('A', 43)}");
        await audit.CheckAsync(page, "set password with an unknown link");
        await page.GotoAsync("/nie-ma-takiej-witryny/");
        await audit.CheckAsync(page, "404 page");
        await page.GotoAsync($"/dev/poczta?do={Uri.EscapeDataString(email)}");
        await audit.CheckAsync(page, "development outbox");

        var schedule = browser.Portal.Services.GetRequiredService<MaintenanceSchedule>();
        var window = await schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest
        {
            MessagePolish = "Aktualizacja dziennika elektronicznego. Wracamy za pół godziny.",
            MessageEnglish = "The e-register is being updated. Back in half an hour.",
            ExpectedEndAt = DateTimeOffset.UtcNow.AddMinutes(30),
        });
        try
        {
            var during = await page.GotoAsync("/gminawulkanowo/");
            Assert.Equal(503, during!.Status);
            await audit.CheckAsync(page, "technical break (503)");
        }
        finally
        {
            await schedule.EndAsOperatorAsync(window.Value.Id);
        }

        audit.AssertClean();
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task GuardianPages_InEveryState_MeetWcag21AA_R5_R7(string language)
    {
        var audit = new AccessibilityAudit();
        var page = await browser.NewPageAsync(language: language);
        await browser.CreateAccountAsync("anna.nowak@example.pl");
        await BrowserPortal.SignInAsync(page, "anna.nowak@example.pl", BrowserPortal.Password);
        await page.WaitForSelectorAsync("#pupils");
        await audit.CheckAsync(page, "Uczeń selector with three children");
        await PhoneScreenshotAsync(page, language, "selector");

        await page.ClickAsync("#pupils a >> nth=0");
        await page.WaitForSelectorAsync("#pupil");
        await audit.CheckAsync(page, "pupil page");

        await page.GotoAsync("/gminawulkanowo/dostep-mobilny");
        await audit.CheckAsync(page, "Dostęp mobilny without a ticket");
        await page.ClickAsync("#pair button[type=submit]");
        await page.WaitForSelectorAsync("#pairing-qr");
        await audit.CheckAsync(page, "Dostęp mobilny with a pairing ticket");
        await PhoneScreenshotAsync(page, language, "pairing");
        var token = (await page.Locator("#pairing-token").TextContentAsync())!.Trim().Replace("-", "", StringComparison.Ordinal);
        var pin = (await page.Locator("#pairing-pin").TextContentAsync())!.Trim();
        using (var http = new HttpClient { BaseAddress = browser.Address })
        using (var phone = new Phone(http))
        {
            Assert.True((await phone.RegisterAsync("gminawulkanowo", token, pin)).IsSuccessStatusCode);
        }

        await page.GotoAsync("/gminawulkanowo/dostep-mobilny");
        await page.WaitForSelectorAsync("#devices");
        await audit.CheckAsync(page, "device list");
        await page.ClickAsync("#devices button.danger >> nth=0");
        await page.WaitForSelectorAsync("#revoked");
        await audit.CheckAsync(page, "device unregistered");

        await page.GotoAsync("/gminawulkanowo/konto");
        await audit.CheckAsync(page, "account without two-step sign-in");
        await page.GotoAsync("/gminawulkanowo/konto/klucze");
        await audit.CheckAsync(page, "Klucze dostępu (none yet, or those of an earlier language's run)");
        await AddPasskeyAsync("anna.nowak@example.pl", "Telefon Anny");
        await page.GotoAsync("/gminawulkanowo/konto/klucze");
        await page.WaitForSelectorAsync("#passkeys");
        await audit.CheckAsync(page, "Klucze dostępu with a passkey");
        await page.GotoAsync("/gminawulkanowo/konto");
        await page.FillAsync("#change-password input[name=currentPassword]", "nie to hasło wcale");
        await page.FillAsync("#change-password input[name=newPassword]", "zupełnie nowe hasło rodzica");
        await page.FillAsync("#change-password input[name=repeated]", "zupełnie nowe hasło rodzica");
        await page.ClickAsync("#change-password button[type=submit]");
        await page.WaitForSelectorAsync("#errors");
        await audit.CheckAsync(page, "account: password change refused");
        await page.GotoAsync("/gminawulkanowo/szkola");
        await audit.CheckAsync(page, "403 page (a parent in the staff area)");

        var (email, _) = await Families.AddAsync(browser.Portal, guardianEmail: $"a11y.totp.{language}@example.pl");
        await browser.CreateAccountAsync(email);
        var totp = await browser.NewPageAsync(language: language);
        await BrowserPortal.SignInAsync(totp, email, BrowserPortal.Password);
        await totp.WaitForSelectorAsync("#pupils");
        await totp.GotoAsync("/gminawulkanowo/konto");
        await totp.ClickAsync("form[action*='BeginTotp'] button");
        await totp.WaitForSelectorAsync("#totp-enrollment");
        await audit.CheckAsync(totp, "account: TOTP enrolment");
        await PhoneScreenshotAsync(totp, language, "account");
        var secret = (await totp.Locator("#totp-secret").TextContentAsync())!.Trim();
        await totp.FillAsync("#totp-enrollment input[name=code]", TotpCodes.At(secret, DateTimeOffset.UtcNow));
        await totp.ClickAsync("#totp-enrollment button[type=submit]");
        await totp.WaitForSelectorAsync("#recovery-codes");
        await audit.CheckAsync(totp, "account: TOTP on with recovery codes");
        await totp.ClickAsync("nav button.link");
        await BrowserPortal.SignInAsync(totp, email, BrowserPortal.Password);
        await totp.WaitForSelectorAsync("#second-factor");
        await audit.CheckAsync(totp, "second step");
        await totp.FillAsync("#second-factor input[name=Code]", "000000");
        await totp.ClickAsync("#second-factor button[type=submit]");
        await totp.WaitForSelectorAsync("#errors");
        await audit.CheckAsync(totp, "second step with a wrong code");

        await browser.CreateAccountAsync("marek.kowalski@example.pl");
        var linking = await browser.NewPageAsync(language: language);
        await BrowserPortal.SignInAsync(linking, "marek.kowalski@example.pl", BrowserPortal.Password);
        await linking.WaitForSelectorAsync("#linkable");
        await audit.CheckAsync(linking, "Uczeń selector offering another site address");
        await linking.GotoAsync("/gminawulkanowo/konto");
        await audit.CheckAsync(linking, "account with a site address to link");

        audit.AssertClean();
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task StaffPages_InEveryState_MeetWcag21AA_R1_R2_R9_R10(string language)
    {
        var audit = new AccessibilityAudit();
        var page = await browser.NewPageAsync(language: language);
        await browser.CreateAccountAsync(DemoDataset.SecretarySp1.Email);
        await BrowserPortal.SignInAsync(page, DemoDataset.SecretarySp1.Email, BrowserPortal.Password);
        await page.WaitForSelectorAsync("#staff-link");

        await page.GotoAsync("/gminawulkanowo/szkola");
        await audit.CheckAsync(page, "staff area");
        await page.GotoAsync("/gminawulkanowo/szkola/uczniowie?jednostka=SP1");
        await audit.CheckAsync(page, "records list");
        await page.ClickAsync("#records tbody a >> nth=0");
        await page.WaitForSelectorAsync("#audit");
        await audit.CheckAsync(page, "record");

        await page.GotoAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1");
        await audit.CheckAsync(page, "new record");
        await page.FillAsync("#new-record input[name='Student.ClassName']", "4A");
        await page.FillAsync("#new-record input[name='Student.FirstName']", "Jaś");
        await page.FillAsync("#new-record input[name='Student.LastName']", "Błędny");
        await page.FillAsync("#new-record input[name='Student.Pesel']", "12345678901");
        await page.ClickAsync("#new-record button[type=submit]");
        await page.WaitForSelectorAsync("#errors");
        await audit.CheckAsync(page, "new record refused");

        await page.GotoAsync("/gminawulkanowo/szkola/import");
        await audit.CheckAsync(page, "CSV import");
        await page.SetInputFilesAsync("#import input[type=file]", new FilePayload
        {
            Name = "klasa-4b.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("klasa;imie;nazwisko;pesel;email;opiekun1_imie;opiekun1_nazwisko;opiekun1_email\n4B;Adam;Importowany;;;Ewa;Importowana;ewa.importowana." + language + "@example.pl\n4B;Bez;;;;;;\n"),
        });
        await page.ClickAsync("#import button[type=submit]");
        await page.WaitForSelectorAsync("#import-rows");
        await audit.CheckAsync(page, "CSV import with a report");

        await page.GotoAsync("/gminawulkanowo/szkola/diagnoza");
        await audit.CheckAsync(page, "login diagnosis");
        await page.FillAsync("#diagnosis input[name=Email]", "anna.nowak@example.pl");
        await page.ClickAsync("#diagnosis button[type=submit]");
        await page.WaitForSelectorAsync("#findings");
        await audit.CheckAsync(page, "login diagnosis result");
        await PhoneScreenshotAsync(page, language, "staff-diagnosis");

        await page.GotoAsync("/gminawulkanowo/szkola/zmiana-email");
        await audit.CheckAsync(page, "e-mail change");
        await page.FillAsync("#email-change input[name=OldEmail]", "anna.nowak@example.pl");
        await page.FillAsync("#email-change input[name=NewEmail]", "anna.nowak.nowy@example.pl");
        await page.ClickAsync("#email-change button[type=submit]");
        await page.WaitForSelectorAsync("#preview-changed");
        await audit.CheckAsync(page, "e-mail change preview");

        await page.GotoAsync("/gminawulkanowo/szkola/urzadzenia");
        await audit.CheckAsync(page, "devices");
        await page.FillAsync("#revoke-devices input[name=Email]", "nikt.taki@example.pl");
        await page.ClickAsync("#revoke-devices button[type=submit]");
        await page.WaitForSelectorAsync("#errors, #devices-revoked");
        await audit.CheckAsync(page, "devices of an address in no record");
        await page.FillAsync("#revoke-devices input[name=Email]", "anna.nowak@example.pl");
        await page.ClickAsync("#revoke-devices button[type=submit]");
        await page.WaitForSelectorAsync("#devices-revoked");
        await audit.CheckAsync(page, "devices unregistered");

        await browser.CreateAccountAsync(DemoDataset.Administrator.Email);
        var admin = await browser.NewPageAsync(language: language);
        await BrowserPortal.SignInAsync(admin, DemoDataset.Administrator.Email, BrowserPortal.Password);
        await admin.WaitForSelectorAsync("#staff-link");
        await admin.GotoAsync("/gminawulkanowo/szkola/przerwy");
        await audit.CheckAsync(admin, "technical breaks");
        await admin.FillAsync("#schedule textarea[name=MessagePolish]", "Przerwa zaplanowana w teście dostępności.");
        await admin.FillAsync("#schedule input[name=StartsInMinutes]", "10000");
        await admin.FillAsync("#schedule input[name=LastsMinutes]", "30");
        await admin.ClickAsync("#schedule button[type=submit]");
        await admin.WaitForSelectorAsync("#windows tbody tr");
        await audit.CheckAsync(admin, "technical breaks with a planned one");
        await admin.ClickAsync("#windows tbody tr button >> nth=0");
        await admin.WaitForSelectorAsync("#no-windows");

        audit.AssertClean();
    }

    [Fact]
    public async Task Audit_WhenAPageBreaksARule_FailsNamingTheRuleImpactAndElement()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/gminawulkanowo/");
        await page.EvaluateAsync("() => document.querySelector('#sign-in input[name=Email]').closest('label').replaceWith(document.querySelector('#sign-in input[name=Email]'))");

        var violations = await AccessibilityAudit.ViolationsAsync(page);

        var line = Assert.Single(violations, v => v.StartsWith("label ", StringComparison.Ordinal));
        Assert.True(line.Contains("(critical)", StringComparison.Ordinal), line);
        Assert.True(line.Contains("#field-email", StringComparison.Ordinal), line);
        Assert.True(line.Contains("<input type=\"email\" name=\"Email\"", StringComparison.Ordinal), line);
    }

    /// <summary>The README's screenshots at phone width (360 CSS px): <c>phone-*.png</c> in Polish, <c>phone-uk-*.png</c> in Ukrainian.</summary>
    private async Task PhoneScreenshotAsync(IPage page, string language, string name)
    {
        if (language is not ("pl" or "uk"))
        {
            return;
        }

        await page.SetViewportSizeAsync(360, 740);
        try
        {
            await browser.ScreenshotAsync(page, language == "pl" ? "phone-" + name : $"phone-{language}-{name}");
        }
        finally
        {
            await page.SetViewportSizeAsync(AccessibilityAudit.DesktopWidth, 820);
        }
    }

    /// <summary>What the ceremony stores when the person adds a passkey with their own device: written through the store.</summary>
    private async Task AddPasskeyAsync(string email, string name)
    {
        var account = await browser.Portal.Services.GetRequiredService<Uonet.Access.Storage.ICredentialStore>().FindAccountAsync("gminawulkanowo", email, CancellationToken.None);
        Assert.NotNull(account);
        var passkey = new Uonet.Access.Passkeys.Passkey
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CredentialId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            PublicKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(77),
            UserHandle = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            Name = name,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.Equal(Uonet.Access.Storage.StoreWriteResult.Success, await browser.Portal.Services.GetRequiredService<Uonet.Access.Storage.IPasskeyStore>().AddPasskeyAsync(passkey, null, null, CancellationToken.None));
    }
}
