using Microsoft.Playwright;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>
/// The portal with the keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7, 3.3.1): Tab, Shift+Tab, Enter and Space through a
/// parent's whole way, asserting where focus is at each step; focus always visible; after a form error, focus on the
/// error summary, which links to each field in error.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserPortal browser)
{
    private const string Focused = "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : ''; }";

    [Fact]
    public async Task FirstLoginToSignOut_WithTheKeyboardAlone_FocusFollowsEveryStep_R3_R5_R7()
    {
        var (email, _) = await Families.AddAsync(browser.Portal, guardianEmail: "klawiatura@example.pl");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/gminawulkanowo/");

        // First login / Przywróć dostęp: the skip link comes first, then the way to the form.
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "a.skip");
        await TabToAsync(page, "#restore-link");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#restore");
        Assert.EndsWith("/gminawulkanowo/dostep", page.Url, StringComparison.Ordinal);
        await TabToAsync(page, "#field-email");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "#restore button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#restore-sent");

        // The link comes by mail; the password is set with Space on the button.
        await page.GotoAsync(await browser.MailedLinkAsync(email));
        await TabToAsync(page, "#field-password");
        await page.Keyboard.TypeAsync(BrowserPortal.Password);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "#field-repeated");
        await page.Keyboard.TypeAsync(BrowserPortal.Password);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "#set-password button[type=submit]");
        await page.Keyboard.PressAsync("Space");
        await page.WaitForSelectorAsync("#password-set");
        await TabToAsync(page, "#to-sign-in");
        await page.Keyboard.PressAsync("Enter");

        // Sign-in, going back a field with Shift+Tab.
        await page.WaitForSelectorAsync("#sign-in");
        await SignInWithKeysAsync(page, email);
        await page.WaitForSelectorAsync("#pupils");

        // Two-step sign-in turned on from the account page, then signing out and in again through the second step.
        await TabToAsync(page, "nav a[href$='/konto']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#totp-off");
        await TabToAsync(page, "form[action*='BeginTotp'] button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#totp-enrollment");
        var secret = (await page.Locator("#totp-secret").TextContentAsync())!.Trim();
        await TabToAsync(page, "#field-code");
        await page.Keyboard.TypeAsync(TotpCodes.At(secret, DateTimeOffset.UtcNow));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#recovery-codes");
        await SignOutWithKeysAsync(page);
        await SignInWithKeysAsync(page, email);
        await page.WaitForSelectorAsync("#second-factor");
        await AssertFocusAsync(page, "#field-code");
        await page.Keyboard.TypeAsync(TotpCodes.At(secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.Keyboard.PressAsync("Enter");

        // Choosing the child, then pairing a phone.
        await page.WaitForSelectorAsync("#pupils");
        await TabToAsync(page, "#pupils a");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#pupil");
        await TabToAsync(page, "nav a[href$='/dostep-mobilny']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#pair");
        await TabToAsync(page, "#pair button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#pairing-qr");
        var token = await page.Locator("#pairing-token").TextContentAsync();

        await SignOutWithKeysAsync(page);

        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}$", token!.Trim());
        Assert.EndsWith("/gminawulkanowo/?powod=Session.SignedOut", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryFocusableElement_WhenFocusedByKeyboard_ShowsAVisibleFocusRing()
    {
        var page = await browser.NewPageAsync();
        var seen = new List<string>();
        var unmarked = new List<string>();

        foreach (var url in new[] { "/", "/gminawulkanowo/", "/gminawulkanowo/dostep" })
        {
            await page.GotoAsync(url);
            for (var step = 0; step < 40; step++)
            {
                await page.Keyboard.PressAsync("Tab");
                var focus = await page.EvaluateAsync<FocusRing?>("""
                    () => {
                        const e = document.activeElement;
                        if (!e || e === document.body) return null;
                        const s = getComputedStyle(e);
                        return { element: e.outerHTML.slice(0, 100), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none' };
                    }
                    """);
                if (focus is null)
                {
                    break;
                }

                seen.Add(focus.Element);
                if (!focus.Outline && !focus.Shadow)
                {
                    unmarked.Add($"{url}: {focus.Element}");
                }
            }
        }

        Assert.True(seen.Count >= 10, string.Join(Environment.NewLine, seen));
        Assert.Contains(seen, e => e.Contains("role=\"region\"", StringComparison.Ordinal));
        Assert.Empty(unmarked);
    }

    [Fact]
    public async Task FormError_MovesFocusToTheErrorSummary_WhichLinksToTheFieldInError()
    {
        var (email, _) = await Families.AddAsync(browser.Portal, guardianEmail: "podsumowanie.bledow@example.pl");
        await browser.CreateAccountAsync(email);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/gminawulkanowo/");
        await SignInWithKeysAsync(page, email, "to nie jest moje hasło");
        await page.WaitForSelectorAsync("#errors");
        var afterWrongPassword = await page.EvaluateAsync<string>("() => document.activeElement.id");

        await SignInWithKeysAsync(page, email);
        await page.WaitForSelectorAsync("#pupils");
        await page.GotoAsync("/gminawulkanowo/konto");
        await TabToAsync(page, "#field-currentpassword");
        await page.Keyboard.TypeAsync(BrowserPortal.Password);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("krótkie");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("krótkie");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#errors");
        var afterPolicy = await page.EvaluateAsync<string>("() => document.activeElement.id");
        var links = await page.Locator("#errors a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "#errors a[href='#field-password']");
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("errors", afterWrongPassword);
        Assert.Equal("errors", afterPolicy);
        Assert.Contains("#field-password", links);
        Assert.All(links, link => Assert.Equal(1, page.Locator(link).CountAsync().GetAwaiter().GetResult()));
        await AssertFocusAsync(page, "#field-password");
    }

    private static async Task SignInWithKeysAsync(IPage page, string email, string password = BrowserPortal.Password)
    {
        await TabToAsync(page, "#field-email");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "#field-password");
        await page.Keyboard.PressAsync("Shift+Tab");
        await AssertFocusAsync(page, "#field-email");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusAsync(page, "#sign-in button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
    }

    private static async Task SignOutWithKeysAsync(IPage page)
    {
        await TabToAsync(page, "nav button.link");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#sign-in");
    }

    /// <summary>Presses Tab until the focus is on <paramref name="selector"/>, failing with the way focus went if it never gets there.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        var path = new List<string>();
        for (var step = 0; step < 60; step++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector))
            {
                return;
            }

            path.Add(await page.EvaluateAsync<string>(Focused));
        }

        Assert.Fail($"Tab never reached {selector}; focus went: {string.Join(" → ", path)}");
    }

    private static async Task AssertFocusAsync(IPage page, string selector)
    {
        var matches = await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector);
        Assert.True(matches, $"focus is not on {selector} but on {await page.EvaluateAsync<string>(Focused)}");
    }

    private sealed class FocusRing
    {
        public string Element { get; set; } = string.Empty;

        public bool Outline { get; set; }

        public bool Shadow { get; set; }
    }
}
