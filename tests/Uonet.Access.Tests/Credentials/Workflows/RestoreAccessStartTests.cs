using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// <see cref="RestoreAccess.StartAsync"/>: the first login and Przywróć dostęp start the same way (R3, R4) and answer
/// every address alike, so the page tells nobody which addresses are registered (DESIGN §4.1, §5).
/// </summary>
public sealed class RestoreAccessStartTests
{
    private const string UnknownEmail = "nikt@example.pl";
    private const string IneligibleEmail = "ola.bez.peselu@example.pl";

    [Fact]
    public async Task Start_EligibleAddress_MailsOneLinkBuiltFromInstanceBaseUrlAndTemplate_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();

        var result = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail });
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(result.Succeeded);
        var mail = Assert.Single(school.Mail.Sent);
        Assert.Equal(MailKind.AccessLink, mail.Kind);
        Assert.Equal(Flow.MotherEmail, mail.To);
        var token = Flow.TokenOf(mail);
        Assert.Equal("https://uonetplus.example.pl/gminawulkanowo/dostep/ustaw-haslo?token=" + token, mail.Link);
        Assert.Contains(mail.Link!, mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(43, token.Length); // 256 bits, base64url (DESIGN §5: at least 128)
    }

    [Fact]
    public async Task Start_CustomLinkTemplate_LinkFollowsTemplate_R4()
    {
        await using var school = await TestSchool.CreateAsync(o => o.AccessLinks.LinkTemplate = "konto/przywroc/{token}");
        await school.Services.AddOlaWithMotherAsync();

        await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail });
        await school.Dispatcher.DispatchPendingAsync();

        var link = Assert.Single(school.Mail.Sent).Link!;
        const string Prefix = "https://uonetplus.example.pl/gminawulkanowo/konto/przywroc/";
        Assert.StartsWith(Prefix, link, StringComparison.Ordinal);
        Assert.True((await school.RestoreAccess.CheckLinkAsync(link[Prefix.Length..])).Succeeded);
    }

    [Theory]
    [InlineData(UnknownEmail)]
    [InlineData(IneligibleEmail)]
    public async Task Start_IneligibleOrUnknownAddress_SameSuccessAndNotRegisteredMail_R3(string email)
    {
        await using var school = await TestSchool.CreateAsync();
        // Ola's record has her e-mail but no PESEL, so she may not sign in (R1).
        await school.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", null, IneligibleEmail);

        var result = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = email });
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
        var mail = Assert.Single(school.Mail.Sent);
        Assert.Equal(MailKind.NotRegistered, mail.Kind);
        Assert.Equal(email, mail.To);
        Assert.Null(mail.Link);
    }

    [Theory]
    [InlineData(UnknownEmail)]
    [InlineData(IneligibleEmail)]
    public async Task Start_NoticeSwitchedOff_SameSuccessAndNoMail_R3(string email)
    {
        await using var school = await TestSchool.CreateAsync(o => o.Mail.SendNotRegisteredNotice = false);
        await school.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", null, IneligibleEmail);

        var result = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = email });
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
        Assert.Empty(school.Mail.Sent);
        Assert.Empty(await school.Store.ListAsync(null, 100, Flow.None));
    }

    [Fact]
    public async Task Start_EligibleIneligibleAndUnknown_SameAnswerSameStoreCallsOneOutboxEntryEach_R3()
    {
        var recorder = default(RecordingCredentialStore);
        await using var school = await CustomSchool.CreateAsync(adapters: RecordingCredentialStore.Install(r => recorder = r));
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.AddStudentAsync(TestSchool.Sp1, "4b", "Jan", "Kowal", null, IneligibleEmail);
        var restore = school.Services.GetRequiredService<RestoreAccess>();
        var answers = new List<AccessResult>();
        var callsPerAddress = new List<IReadOnlyList<StoreCall>>();
        var outboxPerAddress = new List<int>();

        foreach (var email in new[] { Flow.MotherEmail, IneligibleEmail, UnknownEmail })
        {
            recorder!.Clear();
            var before = (await school.Store.ListAsync(null, 100, Flow.None)).Count;
            answers.Add(await restore.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = email, ClientKey = "198.51.100.7" }));
            callsPerAddress.Add(recorder.Calls);
            outboxPerAddress.Add((await school.Store.ListAsync(null, 100, Flow.None)).Count - before);
        }

        Assert.All(answers, a => Assert.Equal((true, "Succeeded"), (a.Succeeded, a.ToString())));
        Assert.All(outboxPerAddress, added => Assert.Equal(1, added));
        var methods = callsPerAddress.Select(calls => string.Join(",", calls.Select(c => c.Method))).ToList();
        Assert.Equal("RecordAttemptAsync,RecordAttemptAsync,RecordLinkRequestAsync", methods[0]);
        Assert.All(methods, m => Assert.Equal(methods[0], m));
        var linkWrites = callsPerAddress.Select(calls => calls.Single(c => c.Method == nameof(ICredentialStore.RecordLinkRequestAsync))).ToList();
        Assert.IsType<LinkToken>(linkWrites[0].Arguments[0]);
        Assert.Null(linkWrites[1].Arguments[0]);
        Assert.Null(linkWrites[2].Arguments[0]);
        Assert.All(linkWrites, w => Assert.IsType<OutboxMessage>(w.Arguments[1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("anna.nowak")]
    [InlineData("anna nowak@example.pl")]
    [InlineData("anna@")]
    public async Task Start_InvalidEmail_EmailCodeAndNoMail(string email)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = email });

        Assert.False(result.Succeeded);
        Assert.StartsWith("Email.", result.Error!.Code, StringComparison.Ordinal);
        Assert.Empty(await school.Store.ListAsync(null, 100, Flow.None));
    }

    [Theory]
    [InlineData("gminanieistniejaca")]
    [InlineData("../gminawulkanowo")]
    [InlineData("")]
    public async Task Start_UnknownInstance_InstanceNotFound_R6(string symbol)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();

        var result = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = symbol, Email = Flow.MotherEmail });

        Assert.Equal(AccessErrorCodes.InstanceNotFound, Assert.Single(result.Errors).Code);
        Assert.Empty(await school.Store.ListAsync(null, 100, Flow.None));
    }

    [Fact]
    public async Task Start_EligibleAddressOfOtherInstance_NoLink_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();

        var result = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.OtherSymbol, Email = Flow.MotherEmail });
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(result.Succeeded);
        Assert.Equal(MailKind.NotRegistered, Assert.Single(school.Mail.Sent).Kind);
    }

    [Fact]
    public async Task Start_HumanCheckFails_HumanCheckFailedAndNothingWritten()
    {
        await using var school = await CustomSchool.CreateAsync(adapters: b => b.UseHumanCheck<RefusingHumanCheck>());
        await school.Services.AddOlaWithMotherAsync();

        var result = await school.Services.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Email = Flow.MotherEmail,
            HumanCheckResponse = "captcha-answer",
            ClientKey = "198.51.100.7",
        });

        Assert.Equal(AccessErrorCodes.HumanCheckFailed, Assert.Single(result.Errors).Code);
        Assert.Empty(await school.Store.ListAsync(null, 100, Flow.None));
    }

    [Fact]
    public async Task Start_DevelopmentHumanCheck_AcceptsAnyResponse()
    {
        var check = new DevelopmentHumanCheck();

        Assert.True(await check.VerifyAsync(null, null, Flow.None));
        Assert.True(await check.VerifyAsync("anything", "198.51.100.7", Flow.None));
    }

    [Fact]
    public async Task Start_ClientOverItsLimit_RateLimitedWithRetryAfterUntilLockEnds()
    {
        await using var school = await TestSchool.CreateAsync();
        var limit = school.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UonetAccessOptions>>().Value.AccessLinks.PerClient;
        StartAccessRequest Request(int i) => new() { InstanceSymbol = TestSchool.Symbol, Email = $"rodzic{i}@example.pl", ClientKey = "198.51.100.7" };
        for (var i = 0; i < limit.Limit; i++)
        {
            Assert.True((await school.RestoreAccess.StartAsync(Request(i))).Succeeded, $"request {i + 1}");
        }

        var refused = await school.RestoreAccess.StartAsync(Request(100));
        var otherClient = await school.RestoreAccess.StartAsync(Request(101) with { ClientKey = "203.0.113.9" });
        school.Time.Advance(limit.LockDuration - TimeSpan.FromSeconds(1));
        var stillRefused = await school.RestoreAccess.StartAsync(Request(102));
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var released = await school.RestoreAccess.StartAsync(Request(103));

        Assert.Equal(20, limit.Limit);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(AccessErrorCodes.RateLimited, error.Code);
        Assert.Equal("900", error.Arguments["retryAfterSeconds"]);
        Assert.True(otherClient.Succeeded);
        Assert.Equal("1", Assert.Single(stillRefused.Errors).Arguments["retryAfterSeconds"]);
        Assert.True(released.Succeeded, released.ToString());
        Assert.Equal(limit.Limit + 2, (await school.Store.ListAsync(null, 100, Flow.None)).Count);
    }

    [Fact]
    public async Task Start_AddressOverItsLimit_SameSuccessButNoMoreMailAndOlderLinkKept_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        string lastToken = string.Empty;
        for (var i = 0; i < 5; i++)
        {
            lastToken = await school.Services.RequestTokenAsync();
        }

        var overLimit = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail });
        await school.Dispatcher.DispatchPendingAsync();
        var mailsWhileLimited = school.Mail.Sent.Count;
        var lastLink = await school.RestoreAccess.CheckLinkAsync(lastToken);
        school.Time.Advance(TimeSpan.FromHours(1));
        var afterLock = await school.Services.RequestTokenAsync();

        Assert.Equal((true, 0), (overLimit.Succeeded, overLimit.Errors.Count));
        Assert.Equal(5, mailsWhileLimited);
        Assert.True(lastLink.Succeeded, lastLink.ToString());
        Assert.Equal(6, school.Mail.Sent.Count);
        Assert.NotEqual(lastToken, afterLock);
    }

    [Fact]
    public async Task Start_NewRequest_SupersedesOlderLink_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var older = await school.Services.RequestTokenAsync();
        var newer = await school.Services.RequestTokenAsync();

        var olderResult = await school.Services.CompleteAsync(older);
        var newerResult = await school.Services.CompleteAsync(newer);

        Assert.Equal(AccessErrorCodes.LinkSuperseded, Assert.Single(olderResult.Errors).Code);
        Assert.True(newerResult.Succeeded, newerResult.ToString());
    }

    [Fact]
    public async Task Start_EligibleAddress_StoresOnlyTheTokensHash()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();

        var token = await school.Services.RequestTokenAsync();

        var stored = await school.Store.FindLinkTokenAsync(SecretTokens.Hash(token), Flow.None);
        Assert.NotNull(stored);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.DoesNotContain(token, stored.ToString(), StringComparison.Ordinal); // a record's ToString lists every field
        Assert.Null(await school.Store.FindLinkTokenAsync(token, Flow.None));
        Assert.Equal(Flow.MotherEmail, stored.Email);
        Assert.Equal(school.Time.GetUtcNow() + TimeSpan.FromMinutes(60), stored.ExpiresAt);
    }
}
