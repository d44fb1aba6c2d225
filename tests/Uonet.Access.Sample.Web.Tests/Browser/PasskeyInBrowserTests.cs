using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>
/// Passkeys in Debian's Chromium with a virtual authenticator (CDP <c>WebAuthn.addVirtualAuthenticator</c>: ctap2,
/// internal, resident key and user verification): a guardian adds one in <i>Konto</i>, signs in with it with and
/// without typing the e-mail (button and autofill), and after the school changes the address (R9) it no longer signs in.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class PasskeyInBrowserTests(BrowserPortal browser)
{
    [Fact]
    public async Task Guardian_AddsAPasskeyThenSignsInWithIt_UntilTheSchoolChangesTheEmail_R9()
    {
        var (email, _) = await Families.AddAsync(browser.Portal, guardianEmail: $"passkey.{Guid.NewGuid():N}@example.pl");
        var page = await browser.NewPageAsync(browser.LocalhostAddress);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
            },
        });
        await browser.FirstLoginAsync(page, email);
        await page.WaitForSelectorAsync("#pupils");

        // Konto → Klucze dostępu: the password again, a name, and the authenticator.
        await page.GotoAsync("/gminawulkanowo/konto/klucze");
        await page.FillAsync("#field-passkey-password", BrowserPortal.Password);
        await page.FillAsync("#field-passkey-name", "Telefon w przeglądarce");
        await page.ClickAsync("#passkey-add-button");
        await page.WaitForSelectorAsync("#done");
        await browser.ScreenshotAsync(page, "passkeys");
        var listed = await page.Locator("#passkeys").TextContentAsync();

        // Without the e-mail, by the button: the discoverable credential names the account.
        await page.ClickAsync("nav button.link");
        await page.GotoAsync("/gminawulkanowo/");
        await page.ClickAsync("#passkey-sign-in");
        await page.WaitForSelectorAsync("#pupils");
        var withoutEmail = await page.Locator("#pupils .name").AllTextContentsAsync();

        // Without the e-mail, by autofill: focusing the field starts conditional mediation, which the virtual
        // authenticator answers as a person picking the suggestion would.
        await page.ClickAsync("nav button.link");
        await page.GotoAsync("/gminawulkanowo/");
        await page.FocusAsync("#field-email");
        await page.WaitForSelectorAsync("#pupils");

        // With the e-mail in the field (set without focusing it, so no autofill runs) and the button.
        await page.ClickAsync("nav button.link");
        await page.GotoAsync("/gminawulkanowo/");
        await page.EvalOnSelectorAsync("#field-email", "(field, email) => field.value = email", email);
        await page.ClickAsync("#passkey-sign-in");
        await page.WaitForSelectorAsync("#pupils");
        await page.ClickAsync("nav button.link");

        // The secretary changes the guardian's address in every record (R9): the old account closes with its passkeys.
        var changed = await browser.Portal.Services.GetRequiredService<GuardianEmailChange>().ApplyAsync(DemoDataset.SecretarySp1, email, "nowy." + email);
        Assert.True(changed.Succeeded, changed.ToString());
        await page.GotoAsync("/gminawulkanowo/");
        await page.ClickAsync("#passkey-sign-in");
        var refused = page.Locator("#passkey-error");
        await refused.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });

        Assert.Contains("Telefon w przeglądarce", listed, StringComparison.Ordinal);
        Assert.Equal(["Zuzia Testowa"], withoutEmail);
        Assert.EndsWith("/gminawulkanowo/", page.Url, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await refused.TextContentAsync()));
    }
}
