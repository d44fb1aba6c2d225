using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Sessions;

/// <summary>
/// The account holder's list of their sessions (ASVS 5.0 7.5.2) and ending one of them, with the password or second
/// factor asked again for any other than one's own (ASVS 5.0 7.5.1).
/// </summary>
public sealed class SessionListTests
{
    private const string FirefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string SafariOnIphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private const string FatherEmail = "piotr.kowalski@example.pl";

    [Fact]
    public async Task ListAsync_TwoSessionsOfTheAccount_BothWithClientAndTruncatedNetwork_TheCallersMarked_RawUserAgentNeverKept()
    {
        await using var school = await SchoolWithMotherAsync();
        var laptop = await SignInAsync(school, FirefoxOnWindows, "203.0.113.77");
        school.Time.Advance(TimeSpan.FromMinutes(3));
        var phone = await SignInAsync(school, SafariOnIphone, "2001:db8:1234:5678:9abc::1");

        var listed = await Sessions(school).ListAsync(phone);

        Assert.True(listed.Succeeded, listed.ToString());
        Assert.Equal(
            [("Safari, iOS", "2001:db8:1234::/48", true), ("Firefox, Windows", "203.0.113.0/24", false)],
            listed.Value.Select(s => (s.ClientDescription, s.ClientNetwork, s.IsCurrent)));
        Assert.Equal(school.Time.GetUtcNow().AddMinutes(-3), listed.Value[1].CreatedAt);
        var stored = await school.Store.ListAccountSessionsAsync((await school.Services.AccountAsync()).Id, school.Time.GetUtcNow(), CancellationToken.None);
        Assert.DoesNotContain(stored, s => (s.ClientDescription ?? string.Empty).Contains("Mozilla", StringComparison.Ordinal) || (s.ClientNetwork ?? string.Empty).Contains("203.0.113.77", StringComparison.Ordinal));
        Assert.NotEqual(laptop, phone);
    }

    [Fact]
    public async Task ListAsync_EndedExpiredAndOtherAccountsSessions_NotListed()
    {
        await using var school = await SchoolWithMotherAndFatherAsync();
        var signedOut = await SignInAsync(school);
        await Sessions(school).SignOutAsync(signedOut);
        var idle = await SignInAsync(school);
        school.Time.Advance(TimeSpan.FromHours(3));
        var fathers = await school.Services.SignInAsync(FatherEmail);
        var current = await SignInAsync(school);

        var listed = await Sessions(school).ListAsync(current);

        Assert.Equal([true], listed.Value.Select(s => s.IsCurrent));
        Assert.NotEqual(SessionStatus.Valid, (await school.Services.ValidateAsync(idle)).Status);
        Assert.Single((await Sessions(school).ListAsync(fathers)).Value);
    }

    [Fact]
    public async Task ListAsync_InvalidTicket_RefusedWithTheSessionsCode()
    {
        await using var school = await SchoolWithMotherAsync();

        var listed = await Sessions(school).ListAsync("1.abc.def");

        Assert.Equal(AccessErrorCodes.SessionStale, Assert.Single(listed.Errors).Code);
    }

    [Fact]
    public async Task EndAsync_OwnSession_EndsWithoutReauthentication()
    {
        await using var school = await SchoolWithMotherAsync();
        var ticket = await SignInAsync(school);
        var own = (await Sessions(school).ListAsync(ticket)).Value.Single().Id;

        var ended = await Sessions(school).EndAsync(ticket, own);

        Assert.True(ended.Succeeded, ended.ToString());
        Assert.Equal(SessionStatus.Revoked, (await school.Services.ValidateAsync(ticket)).Status);
    }

    [Fact]
    public async Task EndAsync_AnotherSessionWithoutReauthentication_RefusedAndTheSessionLives_ASVS_7_5_1()
    {
        await using var school = await SchoolWithMotherAsync();
        var other = await SignInAsync(school);
        var mine = await SignInAsync(school);

        var ended = await Sessions(school).EndAsync(mine, await IdOfAsync(school, mine, other));

        Assert.Equal(AccessErrorCodes.SessionReauthenticationRequired, Assert.Single(ended.Errors).Code);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(other)).Status);
    }

    [Fact]
    public async Task EndAsync_AnotherSessionWithTheRightPassword_EndsExactlyThatSession()
    {
        await using var school = await SchoolWithMotherAsync();
        var other = await SignInAsync(school);
        var third = await SignInAsync(school);
        var mine = await SignInAsync(school);

        var ended = await Sessions(school).EndAsync(mine, await IdOfAsync(school, mine, other), new SessionEndProof { Password = Flow.Password });

        Assert.True(ended.Succeeded, ended.ToString());
        Assert.Equal(SessionStatus.Revoked, (await school.Services.ValidateAsync(other)).Status);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(third)).Status);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(mine)).Status);
    }

    [Fact]
    public async Task EndAsync_WrongPasswordFiveTimes_CountsTowardTheAddressLockoutLikeSignIn()
    {
        await using var school = await SchoolWithMotherAsync();
        var other = await SignInAsync(school);
        var mine = await SignInAsync(school);
        var id = await IdOfAsync(school, mine, other);
        var codes = new List<string>();

        for (var i = 0; i < 5; i++)
        {
            codes.Add(Assert.Single((await Sessions(school).EndAsync(mine, id, new SessionEndProof { Password = "nie to haslo " + i })).Errors).Code);
        }

        var rightOneNow = await Sessions(school).EndAsync(mine, id, new SessionEndProof { Password = Flow.Password });
        Assert.Equal([.. Enumerable.Repeat(AccessErrorCodes.PasswordCurrentInvalid, 4), AccessErrorCodes.SignInLockedOut], codes);
        Assert.Equal(AccessErrorCodes.SignInLockedOut, Assert.Single(rightOneNow.Errors).Code);
        Assert.Equal(SignInOutcome.LockedOut, (await school.Services.TrySignInAsync()).Outcome);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(other)).Status);
    }

    [Fact]
    public async Task EndAsync_WithSecondFactorOn_AsksForACodeNotThePassword_AndAWrongCodeCountsTowardLockout()
    {
        await using var school = await SchoolWithMotherAsync();
        var (secret, recoveryCodes, _) = await school.Services.EnrolTotpAsync(school.Time);
        var other = await school.Services.SignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));
        school.Time.Advance(TimeSpan.FromSeconds(30));
        var mine = await school.Services.SignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));
        school.Time.Advance(TimeSpan.FromSeconds(30));
        var id = await IdOfAsync(school, mine, other);

        var passwordOnly = await Sessions(school).EndAsync(mine, id, new SessionEndProof { Password = Flow.Password });
        var wrongCode = await Sessions(school).EndAsync(mine, id, new SessionEndProof { TotpCode = Flow.WrongCode(secret, school.Time.GetUtcNow()) });
        var failures = (await school.Store.GetAttemptsAsync(AttemptKeys.SignInAddress(TestSchool.Symbol, Flow.MotherEmail), school.Time.GetUtcNow(), CancellationToken.None)).Count;
        var recovery = await Sessions(school).EndAsync(mine, id, new SessionEndProof { RecoveryCode = recoveryCodes[0] });

        Assert.Equal(AccessErrorCodes.SessionReauthenticationRequired, Assert.Single(passwordOnly.Errors).Code);
        Assert.Equal(AccessErrorCodes.TotpCodeInvalid, Assert.Single(wrongCode.Errors).Code);
        Assert.Equal(1, failures);
        Assert.True(recovery.Succeeded, recovery.ToString());
        Assert.Equal(SessionStatus.Revoked, (await school.Services.ValidateAsync(other)).Status);
        Assert.DoesNotContain((await school.Services.AccountAsync()).RecoveryCodeHashes, h => RecoveryCodes.IndexOf([h], recoveryCodes[0]) == 0);
    }

    [Fact]
    public async Task EndAsync_SessionOfAnotherAccount_SameAnswerAsAnUnknownId_AndItLives()
    {
        await using var school = await SchoolWithMotherAndFatherAsync();
        var fathers = await school.Services.SignInAsync(FatherEmail);
        var fathersId = (await Sessions(school).ListAsync(fathers)).Value.Single().Id;
        var mine = await SignInAsync(school);

        var other = await Sessions(school).EndAsync(mine, fathersId, new SessionEndProof { Password = Flow.Password });
        var unknown = await Sessions(school).EndAsync(mine, Guid.NewGuid(), new SessionEndProof { Password = Flow.Password });

        Assert.Equal(AccessErrorCodes.SessionNotFound, Assert.Single(other.Errors).Code);
        Assert.Equal(Assert.Single(unknown.Errors), Assert.Single(other.Errors));
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(fathers)).Status);
    }

    [Theory]
    [InlineData(FirefoxOnWindows, "Firefox, Windows")]
    [InlineData(SafariOnIphone, "Safari, iOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome, Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge, Windows")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet, Android")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari, macOS")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera, Windows")]
    [InlineData("okhttp/4.12.0", "Android app")]
    [InlineData("something unknown", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Describe_CommonUserAgents_BrowserAndSystem(string? userAgent, string? expected)
    {
        Assert.Equal(expected, SessionClient.Describe(userAgent));
    }

    [Fact]
    public void Describe_HugeHeader_NotParsedAndNeverLongerThanTheStoreLimit()
    {
        Assert.Null(SessionClient.Describe(new string('a', 5000) + " Firefox/1 Windows"));
        Assert.All(new[] { FirefoxOnWindows, SafariOnIphone }, ua => Assert.True(SessionClient.Describe(ua)!.Length <= StoreLimits.ClientDescription));
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:198.51.100.9", "198.51.100.0/24")]
    [InlineData("2001:db8:1234:5678::1", "2001:db8:1234::/48")]
    [InlineData("fe80::1%eth0", "fe80::/48")]
    [InlineData("not an address", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void NetworkOf_Addresses_TruncatedTo24Or48(string? address, string? expected)
    {
        Assert.Equal(expected, SessionClient.NetworkOf(address));
    }

    private static SessionTickets Sessions(TestSchool school) => school.Services.GetRequiredService<SessionTickets>();

    private static async Task<string> SignInAsync(TestSchool school, string? userAgent = null, string? address = null)
    {
        var result = await school.Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Email = Flow.MotherEmail,
            Password = Flow.Password,
            UserAgent = userAgent,
            ClientAddress = address,
        });
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        return result.SessionTicket!;
    }

    // The id of the session of ticket "other", as the holder of ticket "mine" sees it in the list.
    private static async Task<Guid> IdOfAsync(TestSchool school, string mine, string other)
    {
        var otherId = (await school.Services.ValidateAsync(other)).Session!.Id;
        return Assert.Single((await Sessions(school).ListAsync(mine)).Value, s => s.Id == otherId).Id;
    }

    private static async Task<TestSchool> SchoolWithMotherAsync()
    {
        var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        return school;
    }

    private static async Task<TestSchool> SchoolWithMotherAndFatherAsync()
    {
        var school = await SchoolWithMotherAsync();
        await school.Services.AddStudentAsync(TestSchool.Sp1, "2b", "Kuba", "Kowalski", TestSchool.Pesels[1], null, TestSchool.Guardian("Piotr", "Kowalski", FatherEmail, relation: Uonet.Access.Records.GuardianRelation.Father));
        await school.Services.SetPasswordAsync(FatherEmail);
        return school;
    }
}
