using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Tests.Attacks;

/// <summary>
/// No enumeration at the HTTP level (R3): whether an address is in a record, blocked by R1/R2, a staff member's, at
/// another instance (R6) or nobody's, the first-login start and the sign-in answer with the same status, headers and
/// body, and the start queues exactly one mail for each (the same store work, not a shortcut for the unknown).
/// </summary>
public sealed class EnumerationTests(StaffPortalFactory factory) : IClassFixture<StaffPortalFactory>
{
    [Fact]
    public async Task RestoreStart_ForEveryKindOfAddress_AnswersIdenticallyAndQueuesOneMailEach_R1_R2_R3()
    {
        var addresses = await EveryKindOfAddressAsync();
        var outbox = factory.Services.GetRequiredService<IOutboxStore>();
        var answers = new List<ObservedAnswer>();
        var queued = new List<int>();

        foreach (var address in addresses)
        {
            var before = (await outbox.ListAsync(address, 100, CancellationToken.None)).Count;
            using var browser = new PortalBrowser(factory);
            await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = address });
            answers.Add(await ObservedAnswer.OfAsync(browser.Last!, address));
            queued.Add((await outbox.ListAsync(address, 100, CancellationToken.None)).Count - before);
        }

        AssertIndistinguishable(addresses, answers);
        Assert.Equal(HttpStatusCode.OK, answers[0].Status);
        Assert.Contains("id=\"restore-sent\"", answers[0].Body, StringComparison.Ordinal);
        Assert.All(queued, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ForEveryKindOfAddress_AnswersIdentically_R1_R2_R3()
    {
        var addresses = await EveryKindOfAddressAsync();
        var answers = new List<ObservedAnswer>();

        foreach (var address in addresses)
        {
            using var browser = new PortalBrowser(factory);
            await browser.SignInAsync(address, "to nie jest niczyje hasło");
            answers.Add(await ObservedAnswer.OfAsync(browser.Last!, address));
        }

        AssertIndistinguishable(addresses, answers);
        Assert.Equal(HttpStatusCode.OK, answers[0].Status);
        Assert.Contains($"data-code=\"{AccessErrorCodes.SignInFailed}\"", answers[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtTheOtherInstancesSymbol_AnAddressOfThisOne_GetsNoLinkAndCannotSignIn_R6()
    {
        var (email, _) = await Families.AddAsync(factory);
        (await factory.SignedInAsync(email)).Dispose();
        factory.Time.Advance(TimeSpan.FromHours(2));
        var outbox = factory.Services.GetRequiredService<IOutboxStore>();
        var before = (await outbox.ListAsync(email, 100, CancellationToken.None)).Count;
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/powiatwulkanowy/dostep", new Dictionary<string, string> { ["Email"] = email });
        var started = browser.Html;
        var signIn = await browser.SignInAsync(email, StaffPortalFactory.Password, DemoDataset.OtherSymbol);

        Assert.Contains("id=\"restore-sent\"", started, StringComparison.Ordinal);
        var mails = await outbox.ListAsync(email, 100, CancellationToken.None);
        Assert.Equal(before + 1, mails.Count);
        Assert.Null(mails[0].Link);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal([AccessErrorCodes.SignInFailed], browser.ErrorCodes());
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal)));
    }

    /// <summary>
    /// An eligible guardian with and without an account, three records R1/R2 block, a parent listed only at the other
    /// instance (R6), a staff member with and without an account, and an address no record lists.
    /// </summary>
    private async Task<string[]> EveryKindOfAddressAsync()
    {
        var (withoutAccount, _) = await Families.AddAsync(factory);
        var (withAccount, _) = await Families.AddAsync(factory);
        (await factory.SignedInAsync(withAccount)).Dispose();
        (await factory.SignedInAsync(DemoDataset.SecretarySp1.Email)).Dispose();

        // A fresh window for the per-client and per-address limits: this test is about answers, not throttling.
        factory.Time.Advance(TimeSpan.FromHours(2));
        return
        [
            withoutAccount, withAccount,
            "kuba.wisniewski@uczen.example.pl", "tomasz.zielinski@example.pl", "opiekun.bez.imienia@example.pl",
            "jan.lis@example.pl",
            DemoDataset.SecretarySp1.Email, DemoDataset.SecretarySp2.Email,
            $"nikt.{Guid.NewGuid():N}@example.pl",
        ];
    }

    private static void AssertIndistinguishable(string[] addresses, List<ObservedAnswer> answers)
    {
        for (var i = 1; i < answers.Count; i++)
        {
            Assert.True(answers[0].Status == answers[i].Status, $"{addresses[i]}: status {answers[i].Status}, {addresses[0]}: {answers[0].Status}");
            Assert.True(answers[0].Headers == answers[i].Headers, $"{addresses[i]} has other headers:\n{answers[i].Headers}\nthan {addresses[0]}:\n{answers[0].Headers}");
            Assert.True(answers[0].Body == answers[i].Body, $"{addresses[i]} has another body:\n{answers[i].Body}\nthan {addresses[0]}:\n{answers[0].Body}");
        }
    }
}
