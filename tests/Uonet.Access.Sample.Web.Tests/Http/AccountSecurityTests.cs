using System.Net;
using System.Text.RegularExpressions;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>Account security: TOTP enrolment with its QR code and recovery codes, the second sign-in step, password change, linked addresses.</summary>
public sealed partial class AccountSecurityTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    [Fact]
    public async Task Totp_EnrolledWithTheQrCode_IsAskedForAtTheNextSignIn_AndRecoveryCodesWorkOnce()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;

        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string>(), "/gminawulkanowo/konto?handler=BeginTotp");
        var secret = browser.Text("totp-secret")!;
        var uri = QrCodes.Decode(QrCodes.FromDataUri(WebUtility.HtmlDecode(TotpQr().Match(browser.Html).Groups[1].Value)));
        await browser.PostAsync("/gminawulkanowo/konto?handler=ConfirmTotp", new Dictionary<string, string> { ["code"] = TotpCodes.At(secret, factory.Time.GetUtcNow()) }, browser.AntiforgeryToken());
        var recoveryCodes = RecoveryCode().Matches(browser.Text("recovery-codes")!).Select(m => m.Value).ToList();
        await browser.SubmitAsync("/gminawulkanowo/uczen", new Dictionary<string, string>(), "/gminawulkanowo/wyloguj");

        factory.Time.Advance(TimeSpan.FromSeconds(30));
        var signIn = await browser.SignInAsync(email, Families.Password);
        await browser.SubmitAsync("/gminawulkanowo/logowanie/kod", new Dictionary<string, string> { ["Code"] = WrongCode(secret) });
        var wrong = browser.ErrorCodes();
        var right = await browser.PostAsync("/gminawulkanowo/logowanie/kod", new Dictionary<string, string> { ["Code"] = TotpCodes.At(secret, factory.Time.GetUtcNow()) }, browser.AntiforgeryToken());
        await browser.SubmitAsync("/gminawulkanowo/uczen", new Dictionary<string, string>(), "/gminawulkanowo/wyloguj");
        await browser.SignInAsync(email, Families.Password);
        var recovered = await browser.SubmitAsync("/gminawulkanowo/logowanie/kod", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
        await browser.SubmitAsync("/gminawulkanowo/uczen", new Dictionary<string, string>(), "/gminawulkanowo/wyloguj");
        await browser.SignInAsync(email, Families.Password);
        await browser.SubmitAsync("/gminawulkanowo/logowanie/kod", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
        var reused = browser.ErrorCodes();

        Assert.StartsWith("otpauth://totp/", uri, StringComparison.Ordinal);
        Assert.Contains("secret=" + secret, uri, StringComparison.Ordinal);
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal("/gminawulkanowo/logowanie/kod", signIn.Headers.Location!.OriginalString);
        Assert.Equal([AccessErrorCodes.SignInSecondFactorFailed], wrong);
        Assert.Equal("/gminawulkanowo/uczen", right.Headers.Location!.OriginalString);
        Assert.Equal("/gminawulkanowo/uczen", recovered.Headers.Location!.OriginalString);
        Assert.Equal([AccessErrorCodes.SignInSecondFactorFailed], reused);
    }

    [Fact]
    public async Task Totp_ConfirmedWithAWrongCode_IsNotSwitchedOn()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;

        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string>(), "/gminawulkanowo/konto?handler=BeginTotp");
        var secret = browser.Text("totp-secret")!;
        await browser.PostAsync("/gminawulkanowo/konto?handler=ConfirmTotp", new Dictionary<string, string> { ["code"] = WrongCode(secret) }, browser.AntiforgeryToken());
        var refused = browser.ErrorCodes();
        await browser.SubmitAsync("/gminawulkanowo/uczen", new Dictionary<string, string>(), "/gminawulkanowo/wyloguj");
        var signIn = await browser.SignInAsync(email, Families.Password);

        Assert.Equal([AccessErrorCodes.TotpCodeInvalid], refused);
        Assert.Equal("/gminawulkanowo/uczen", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SecondFactorPage_WithoutAPendingSignIn_OrWithATamperedOne_GoesBackToSignIn()
    {
        using var browser = new PortalBrowser(factory);

        var none = await browser.GetAsync("/gminawulkanowo/logowanie/kod");
        var forged = await browser.GetWithCookieAsync("/gminawulkanowo/logowanie/kod", "uonet-drugi-krok=CfDJ8zmyslony");

        Assert.Equal("/gminawulkanowo/", none.Headers.Location!.OriginalString);
        Assert.Equal("/gminawulkanowo/", forged.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PasswordChange_WithTheCurrentPassword_EndsOtherSessionsAndKeepsThisOne()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        using var other = new PortalBrowser(factory);
        await browser.FirstLoginAsync(email, Families.Password);
        await other.SignInAsync(email, Families.Password);
        const string changedPassword = "jesienne liście na chodniku";

        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string> { ["currentPassword"] = "nie to hasło", ["newPassword"] = changedPassword, ["repeated"] = changedPassword }, "/gminawulkanowo/konto?handler=ChangePassword");
        var wrongCurrent = browser.ErrorCodes();
        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string> { ["currentPassword"] = Families.Password, ["newPassword"] = changedPassword, ["repeated"] = "inne" }, "/gminawulkanowo/konto?handler=ChangePassword");
        var mismatch = browser.Text("mismatch");
        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string> { ["currentPassword"] = Families.Password, ["newPassword"] = changedPassword, ["repeated"] = changedPassword }, "/gminawulkanowo/konto?handler=ChangePassword");
        var done = browser.Text("done");
        var stillIn = await browser.GetAsync("/gminawulkanowo/uczen");
        var otherOut = await other.GetAsync("/gminawulkanowo/uczen");

        Assert.Equal([AccessErrorCodes.PasswordCurrentInvalid], wrongCurrent);
        Assert.NotNull(mismatch);
        Assert.NotNull(done);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.StartsWith("/gminawulkanowo/?powod=Session.", otherOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkedInstances_AfterProvingThePasswordThere_SelectorShowsChildrenOfBothAddresses_R6()
    {
        using var browser = new PortalBrowser(factory);
        await browser.FirstLoginAsync("marek.kowalski@example.pl", Families.Password);
        await browser.FirstLoginAsync("marek.kowalski@example.pl", Families.Password, "powiatwulkanowy");

        await browser.GetAsync("/gminawulkanowo/uczen");
        var before = browser.Text("pupils")!;
        var linkable = browser.Text("linkable");
        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string> { ["otherSymbol"] = "powiatwulkanowy", ["password"] = "złe hasło" }, "/gminawulkanowo/konto?handler=Link");
        var refused = browser.ErrorCodes();
        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string> { ["otherSymbol"] = "powiatwulkanowy", ["password"] = Families.Password }, "/gminawulkanowo/konto?handler=Link");
        await browser.GetAsync("/gminawulkanowo/uczen");
        var after = browser.Text("pupils")!;
        await browser.SubmitAsync("/gminawulkanowo/konto", new Dictionary<string, string> { ["otherSymbol"] = "powiatwulkanowy" }, "/gminawulkanowo/konto?handler=Unlink");
        await browser.GetAsync("/gminawulkanowo/uczen");
        var unlinked = browser.Text("pupils")!;

        Assert.Contains("Kasia Kowalska", before, StringComparison.Ordinal);
        Assert.DoesNotContain("Michał", before, StringComparison.Ordinal);
        Assert.Contains("powiatwulkanowy", linkable, StringComparison.Ordinal);
        Assert.Equal([AccessErrorCodes.CrossInstanceNotEligible], refused);
        Assert.Contains("Kasia Kowalska", after, StringComparison.Ordinal);
        Assert.Contains("Michał Kowalski", after, StringComparison.Ordinal);
        Assert.Contains("/powiatwulkanowy/", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Michał", unlinked, StringComparison.Ordinal);
    }

    // A code of none of the steps the library accepts now (the current one and one on either side).
    private string WrongCode(string secret)
    {
        var now = factory.Time.GetUtcNow();
        var valid = new[] { -30, 0, 30 }.Select(s => TotpCodes.At(secret, now.AddSeconds(s))).ToHashSet();
        return new[] { "000000", "111111", "222222", "333333" }.First(c => !valid.Contains(c));
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"[^>]*id=\"totp-qr\"")]
    private static partial Regex TotpQr();

    [GeneratedRegex("\\b[2-9A-HJKMNP-Z]+-[2-9A-HJKMNP-Z]+\\b")]
    private static partial Regex RecoveryCode();
}
