using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Mail;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The first login and Przywróć dostęp (R3, R4) through the pages: one answer for every address, the mailed link, the password twice.</summary>
public sealed class FirstLoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    [Fact]
    public async Task Restore_ForEligibleAndUnknownAddresses_AnswersExactlyTheSame_R3()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        var known = (browser.Last!.StatusCode, browser.Text("restore-sent"));
        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = $"nikt.{Guid.NewGuid():N}@example.pl" });
        var unknown = (browser.Last!.StatusCode, browser.Text("restore-sent"));

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known, unknown);
        Assert.NotNull(known.Item2);
    }

    [Fact]
    public async Task Restore_ForEligibleAddress_MailsALinkToTheSetPasswordPage_R4()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        var link = await browser.MailedLinkAsync(email);

        Assert.StartsWith("/gminawulkanowo/dostep/ustaw-haslo?token=", link, StringComparison.Ordinal);
        var page = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"set-password\"", browser.Html, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Restore_WithMalformedAddress_ShowsTheLibraryErrorAndMailsNothing()
    {
        using var browser = new PortalBrowser(factory);
        var outbox = factory.Services.GetRequiredService<IOutboxStore>();
        var before = (await outbox.ListAsync(null, 1000, CancellationToken.None)).Count;

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = "to nie jest adres" });

        Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        Assert.StartsWith("Email.", Assert.Single(browser.ErrorCodes()), StringComparison.Ordinal);
        Assert.Equal(before, (await outbox.ListAsync(null, 1000, CancellationToken.None)).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("../../../etc/passwd")]
    [InlineData("eIrImj5O9vSxX1uYSiHJZ4S0bpzvz24eiLIAFM2wiCA")]
    public async Task SetPasswordPage_WithTamperedToken_Answers400WithAMessageAndNoForm(string token)
    {
        using var browser = new PortalBrowser(factory);

        var response = await browser.GetAsync("/gminawulkanowo/dostep/ustaw-haslo?token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([AccessErrorCodes.LinkInvalid], browser.ErrorCodes());
        Assert.DoesNotContain("id=\"set-password\"", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPassword_WithDifferentPasswords_SaysSoAndKeepsTheLinkUsable()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        var link = await browser.MailedLinkAsync(email);
        var token = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..];

        await browser.SubmitAsync(link, new Dictionary<string, string> { ["Token"] = token, ["Password"] = Families.Password, ["Repeated"] = Families.Password + "x" });
        var mismatch = browser.Text("mismatch");
        await browser.SubmitAsync(link, new Dictionary<string, string> { ["Token"] = token, ["Password"] = Families.Password, ["Repeated"] = Families.Password });

        Assert.NotNull(mismatch);
        Assert.Contains("id=\"password-set\"", browser.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qwertyuiop", AccessErrorCodes.PasswordTooShort)]
    [InlineData("password1234", AccessErrorCodes.PasswordCommon)]
    [InlineData("maria testowa ma psa", AccessErrorCodes.PasswordContainsName)]
    public async Task SetPassword_RefusedByThePolicy_ExplainsWhyAndKeepsTheLinkUsable(string password, string code)
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });
        var link = await browser.MailedLinkAsync(email);
        var token = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..];

        await browser.SubmitAsync(link, new Dictionary<string, string> { ["Token"] = token, ["Password"] = password, ["Repeated"] = password });
        var refused = browser.ErrorCodes();
        await browser.SubmitAsync(link, new Dictionary<string, string> { ["Token"] = token, ["Password"] = Families.Password, ["Repeated"] = Families.Password });

        Assert.Contains(code, refused);
        Assert.Contains("id=\"password-set\"", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPasswordPage_ForAUsedLink_Answers410()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.SetPasswordAsync(email, Families.Password);
        var link = await browser.MailedLinkAsync(email);

        var response = await browser.GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal([AccessErrorCodes.LinkUsed], browser.ErrorCodes());
    }

    [Fact]
    public async Task FirstLogin_OfAMotherOfThreeInTwoSchools_SelectorListsEveryChild_R5()
    {
        using var browser = new PortalBrowser(factory);

        await browser.FirstLoginAsync("anna.nowak@example.pl", Families.Password);
        await browser.GetAsync("/gminawulkanowo/uczen");

        var selector = browser.Text("pupils")!;
        Assert.Contains("Ola Nowak", selector, StringComparison.Ordinal);
        Assert.Contains("Piotr Nowak", selector, StringComparison.Ordinal);
        Assert.Contains("Zosia Nowak", selector, StringComparison.Ordinal);
        Assert.Contains("Szkoła Podstawowa nr 1", selector, StringComparison.Ordinal);
        Assert.Contains("Szkoła Podstawowa nr 2", selector, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_AfterTheFirstLogin_SetsANewPasswordAndTheOldOneStopsWorking_R4()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;

        await browser.SetPasswordAsync(email, "jesienne liście na chodniku");
        await browser.SignInAsync(email, Families.Password);
        var old = browser.ErrorCodes();
        var renewed = await browser.SignInAsync(email, "jesienne liście na chodniku");

        Assert.Equal([AccessErrorCodes.SignInFailed], old);
        Assert.Equal(HttpStatusCode.Redirect, renewed.StatusCode);
    }

    [Fact]
    public async Task Restore_ForAnAddressNoRecordLists_MailsTheNotRegisteredNotice()
    {
        using var browser = new PortalBrowser(factory);
        var email = $"nikt.{Guid.NewGuid():N}@example.pl";

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = email });

        var mail = Assert.Single(await factory.Services.GetRequiredService<IOutboxStore>().ListAsync(email, 10, CancellationToken.None));
        Assert.Equal(MailKind.NotRegistered, mail.Kind);
        Assert.Null(mail.Link);
    }
}
