using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Passkeys;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// <i>Konto → Klucze dostępu</i> without a browser: the list, renaming and removing are plain forms; adding is offered
/// with the page's script, and the sign-in page offers passkeys in the e-mail field's autofill.
/// </summary>
public sealed class PasskeyPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task PasskeysPage_NoPasskeyYet_OffersAddingWithThePasswordAndTheExternalScript()
    {
        using var family = await Families.SignedInAsync(factory);

        var page = await family.Browser.GetAsync("/gminawulkanowo/konto/klucze");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(family.Browser.Text("passkeys-none"));
        Assert.Contains("id=\"field-passkey-password\"", family.Browser.Html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/js/passkeys.js\" defer></script>", family.Browser.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", family.Browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasskeysPage_RenameThenRemove_WorkWithoutScriptAndMailANotice()
    {
        using var family = await Families.SignedInAsync(factory);
        var passkey = await AddPasskeyAsync(family.Email);

        await family.Browser.SubmitAsync("/gminawulkanowo/konto/klucze", new Dictionary<string, string> { ["passkeyId"] = passkey.ToString(), ["name"] = "Laptop w kuchni" }, "/gminawulkanowo/konto/klucze?handler=Rename");
        var renamed = family.Browser.Text("passkeys");
        await family.Browser.SubmitAsync("/gminawulkanowo/konto/klucze", new Dictionary<string, string> { ["passkeyId"] = passkey.ToString() }, "/gminawulkanowo/konto/klucze?handler=Remove");
        var removed = family.Browser.Text("passkeys-none");

        Assert.Contains("Laptop w kuchni", renamed, StringComparison.Ordinal);
        Assert.NotNull(removed);
        var outbox = await factory.Services.GetRequiredService<IOutboxStore>().ListAsync(family.Email, 20, CancellationToken.None);
        Assert.Contains(outbox, m => m.Kind == Uonet.Access.Mail.MailKind.PasskeyRemoved);
    }

    [Fact]
    public async Task PasskeysPage_AnotherAccountsPasskey_NotFound()
    {
        using var family = await Families.SignedInAsync(factory);
        using var other = await Families.SignedInAsync(factory);
        var passkey = await AddPasskeyAsync(other.Email);

        var response = await family.Browser.SubmitAsync("/gminawulkanowo/konto/klucze", new Dictionary<string, string> { ["passkeyId"] = passkey.ToString() }, "/gminawulkanowo/konto/klucze?handler=Remove");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal([AccessErrorCodes.PasskeyNotFound], family.Browser.ErrorCodes());
    }

    [Fact]
    public async Task SignInPage_EmailField_OffersPasskeysInAutofill_AndTheButtonWaitsForTheScript()
    {
        using var browser = new PortalBrowser(factory);

        await browser.GetAsync("/gminawulkanowo/");

        Assert.Contains("autocomplete=\"username webauthn\"", browser.Html, StringComparison.Ordinal);
        Assert.Contains("<div id=\"passkey-sign-in-area\" hidden", browser.Html, StringComparison.Ordinal);
    }

    /// <summary>What the ceremony stores when the person adds a passkey with their own device: written through the store.</summary>
    private async Task<Guid> AddPasskeyAsync(string email)
    {
        var account = await factory.Services.GetRequiredService<ICredentialStore>().FindAccountAsync("gminawulkanowo", email, CancellationToken.None);
        Assert.NotNull(account);
        var passkey = new Passkey
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CredentialId = RandomNumberGenerator.GetBytes(32),
            PublicKey = RandomNumberGenerator.GetBytes(77),
            UserHandle = RandomNumberGenerator.GetBytes(32),
            Name = "Telefon",
            CreatedAt = factory.Time.GetUtcNow(),
        };
        Assert.Equal(StoreWriteResult.Success, await factory.Services.GetRequiredService<IPasskeyStore>().AddPasskeyAsync(passkey, null, null, CancellationToken.None));
        return passkey.Id;
    }
}
