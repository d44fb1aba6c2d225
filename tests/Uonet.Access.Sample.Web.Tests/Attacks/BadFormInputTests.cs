using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Mail;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Tests.Attacks;

/// <summary>
/// Hostile input to the pages beyond what <c>Http/</c> covers: line breaks meant to inject mail headers, broken and
/// oversized forms, forged anti-forgery tokens, and symbols that try to leave or impersonate the instance. Every one
/// gets a clear answer below 500, and none queues a mail.
/// </summary>
public sealed class BadFormInputTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Restore = "/gminawulkanowo/dostep";

    [Theory]
    [InlineData("ola.nowak@uczen.example.pl\r\nBcc: intruz@zly.example")]
    [InlineData("ola.nowak@uczen.example.pl\nBcc: intruz@zly.example")]
    [InlineData("ola.nowak@uczen.example.pl\rBcc: intruz@zly.example")]
    [InlineData("intruz@zly.example\r\nTo: ola.nowak@uczen.example.pl")]
    [InlineData("\"ola\r\nBcc: intruz@zly.example\"@uczen.example.pl")]
    [InlineData("ola.nowak@uczen.example.pl\u2028Bcc: intruz@zly.example")]
    [InlineData("ola.nowak@uczen.example.pl\u0085Bcc: intruz@zly.example")]
    [InlineData("ola.nowak@uczen.example.pl\0Bcc: intruz@zly.example")]
    public async Task RestoreStart_WithALineBreakInTheAddress_IsRefusedAndQueuesNoMail(string email)
    {
        factory.Time.Advance(TimeSpan.FromHours(1));
        var before = await OutboxAsync();
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync(Restore, new Dictionary<string, string> { ["Email"] = email });

        // A NUL never reaches the library (the form is refused whole); every other break is the library's Email.* refusal.
        Assert.Contains(browser.Last!.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("id=\"restore-sent\"", browser.Html, StringComparison.Ordinal);
        if (browser.Last.StatusCode == HttpStatusCode.OK)
        {
            Assert.StartsWith("Email.", Assert.Single(browser.ErrorCodes()), StringComparison.Ordinal);
        }

        var after = await OutboxAsync();
        Assert.Equal(before.Count, after.Count);
        Assert.DoesNotContain(after, m => m.To.Contains("zly.example", StringComparison.Ordinal) || m.To.AsSpan().IndexOfAny("\r\n\0\u2028\u0085") >= 0);
    }

    [Fact]
    public async Task RestoreStart_WithoutOrWithAForgedAntiforgeryToken_Answers400AndQueuesNothing()
    {
        var address = Probe();
        using var victim = new PortalBrowser(factory);
        using var attacker = new PortalBrowser(factory);
        await attacker.GetAsync(Restore);
        var attackersToken = attacker.AntiforgeryToken();
        await victim.GetAsync(Restore);
        var victimsToken = victim.AntiforgeryToken();
        var fields = new Dictionary<string, string> { ["Email"] = address };

        var missing = (await victim.PostAsync(Restore, fields, antiforgeryToken: null)).StatusCode;
        var garbage = (await victim.PostAsync(Restore, fields, "CfDJ8" + new string('A', 150))).StatusCode;
        var truncated = (await victim.PostAsync(Restore, fields, victimsToken[..(victimsToken.Length / 2)])).StatusCode;
        var someoneElses = (await victim.PostAsync(Restore, fields, attackersToken)).StatusCode;

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], [missing, garbage, truncated, someoneElses]);
        Assert.Empty(await OutboxAsync(address));
    }

    public static TheoryData<string, string> BrokenForms => new()
    {
        { "application/x-www-form-urlencoded", "Email={address}&" + string.Join('&', Enumerable.Range(0, 400).Select(i => $"pole{i}=x")) },
        { "application/x-www-form-urlencoded", "Email={address}&" + new string('k', 20_000) + "=v" },
        { "application/x-www-form-urlencoded", "Email=" + new string('a', 20_000) + "{address}" },
        { "multipart/form-data", "--nie-ma-granicy\r\nContent-Disposition: form-data; name=\"Email\"\r\n\r\n{address}" },
        { "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"Email\"\r\n\r\n{address}" },
        { "application/json", "{\"Email\":\"{address}\"}" },
        { "text/plain", "Email={address}" },
    };

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public async Task RestoreStart_WithABrokenOrOversizedForm_AnswersBelow500AndQueuesNothing(string contentType, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        factory.Time.Advance(TimeSpan.FromHours(1));
        var address = Probe();
        using var browser = new PortalBrowser(factory);
        await browser.GetAsync(Restore);
        var token = Uri.EscapeDataString(browser.AntiforgeryToken());
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"__RequestVerificationToken={token}&" + body.Replace("{address}", address, StringComparison.Ordinal)));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await browser.PostAsync(Restore, content);

        Assert.InRange((int)response.StatusCode, 200, 499);
        Assert.DoesNotContain("id=\"restore-sent\"", browser.Html, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(address));
    }

    [Fact]
    public async Task RestoreStart_WithTheAddressRepeatedAndJunkPairs_MailsTheFirstAddressOnly()
    {
        factory.Time.Advance(TimeSpan.FromHours(1));
        string[] addresses = [Probe(), Probe(), Probe()];
        using var browser = new PortalBrowser(factory);
        await browser.GetAsync(Restore);
        var token = Uri.EscapeDataString(browser.AntiforgeryToken());
        using var content = new StringContent($"__RequestVerificationToken={token}&Email={addresses[0]}&%zz=%&&==&=&Email={addresses[1]}&Email={addresses[2]}", Encoding.UTF8, "application/x-www-form-urlencoded");

        await browser.PostAsync(Restore, content);

        Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        Assert.Single(await OutboxAsync(addresses[0]));
        Assert.Empty(await OutboxAsync(addresses[1]));
        Assert.Empty(await OutboxAsync(addresses[2]));
    }

    [Theory]
    [InlineData("/gminawulkanowo%2F..%2Fpowiatwulkanowy/dostep")]
    [InlineData("/..%5C..%5Cwindows/dostep")]
    [InlineData("/%252e%252e%252fetc/dostep")]
    [InlineData("/%2e%2e%2f%2e%2e%2fetc%2fpasswd/dostep")]
    [InlineData("/gminawulkanow%C3%B3/dostep")]
    [InlineData("/gm%C4%B1nawulkanowo/dostep")]
    [InlineData("/GM%C4%B0NAWULKANOWO/dostep")]
    [InlineData("/%EF%BD%87minawulkanowo/dostep")]
    [InlineData("/gminawulkanowo%E2%80%8B/dostep")]
    [InlineData("/gmina%CC%81wulkanowo/dostep")]
    [InlineData("/gminawulkanowo%0d%0aSet-Cookie:%20x=1/dostep")]
    public async Task RestorePage_UnderASymbolThatTriesToLeaveOrImpersonateTheInstance_Answers404AndQueuesNothing(string path)
    {
        factory.Time.Advance(TimeSpan.FromHours(1));
        var address = Probe();
        using var browser = new PortalBrowser(factory);
        await browser.GetAsync(Restore);
        var token = browser.AntiforgeryToken();

        var page = await browser.GetAsync(path);
        var posted = await browser.PostAsync(path, new Dictionary<string, string> { ["Email"] = address }, token);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.False(posted.Headers.Contains("Set-Cookie") && posted.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("x=", StringComparison.Ordinal)));
        Assert.Empty(await OutboxAsync(address));
    }

    private static string Probe() => $"proba.{Guid.NewGuid():N}@example.pl";

    private Task<IReadOnlyList<OutboxMessage>> OutboxAsync(string? to = null) =>
        factory.Services.GetRequiredService<IOutboxStore>().ListAsync(to, 100_000, CancellationToken.None);
}
