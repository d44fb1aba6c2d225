using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// <see cref="RestoreAccess.CompleteAsync"/> and <see cref="RestoreAccess.CheckLinkAsync"/>: a link sets the password
/// once (unlike ASP.NET Identity's reset tokens), only while the address is still eligible, and only for a password the
/// policy accepts (R3, R4; DESIGN §4.1, §5).
/// </summary>
public sealed class RestoreAccessCompleteTests
{
    [Fact]
    public async Task Complete_ValidLink_CreatesAccountQueuesPasswordSetAndDoesNotSignIn_R3()
    {
        var recorder = default(RecordingCredentialStore);
        await using var school = await CustomSchool.CreateAsync(adapters: RecordingCredentialStore.Install(r => recorder = r));
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        recorder!.Clear();

        var result = await school.Services.CompleteAsync(token);
        var calls = recorder.Calls.Select(c => c.Method).ToList();
        await school.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains(nameof(ICredentialStore.ConsumeLinkTokenAsync), calls);
        Assert.DoesNotContain(nameof(ICredentialStore.CreateSessionAsync), calls);
        var account = await school.Services.AccountAsync();
        Assert.Equal(TestSchool.Symbol, account.InstanceSymbol);
        Assert.Equal(AccountStatus.Active, account.Status);
        Assert.StartsWith("$argon2id$v=19$", account.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain(Flow.Password, account.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(school.Time.GetUtcNow(), account.PasswordChangedAt);
        var mails = school.Services.GetRequiredService<RecordingMailSender>().Sent;
        Assert.Equal([MailKind.AccessLink, MailKind.PasswordSet], mails.Select(m => m.Kind));
        Assert.Equal(Flow.MotherEmail, mails[1].To);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Fact]
    public async Task Complete_SameTokenTwice_SecondIsLinkUsed_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        await school.Services.CompleteAsync(token);

        var second = await school.Services.CompleteAsync(token, Flow.OtherPassword);

        Assert.Equal(AccessErrorCodes.LinkUsed, Assert.Single(second.Errors).Code);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync(password: Flow.Password)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await school.Services.TrySignInAsync(password: Flow.OtherPassword)).Outcome);
    }

    [Fact]
    public async Task Complete_32ParallelCompletionsOfOneToken_ExactlyOneSucceeds_R4()
    {
        await using var school = await CustomSchool.CreateAsync(services: s => s.AddSingleton<IPasswordHasher, GatedPasswordHasher>());
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        var passwords = Enumerable.Range(0, 32).Select(i => $"{Flow.OtherPassword} {i:D2}").ToList();
        ((GatedPasswordHasher)school.Services.GetRequiredService<IPasswordHasher>()).HoldUntil(passwords.Count);

        var results = await Task.WhenAll(passwords.Select(p => Task.Run(() => school.Services.CompleteAsync(token, p))));
        await school.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(Assert.Single(r.Errors).Code, new[] { AccessErrorCodes.LinkUsed, AccessErrorCodes.AccountConflict }));
        Assert.Single(school.Services.GetRequiredService<RecordingMailSender>().Sent, m => m.Kind == MailKind.PasswordSet);
        var winner = passwords[Array.FindIndex(results, r => r.Succeeded)];
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync(password: winner)).Outcome);
        Assert.NotNull(await school.Services.AccountAsync());
    }

    [Fact]
    public async Task Complete_AfterLifetime_LinkExpired()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        school.Time.Advance(TimeSpan.FromMinutes(60));

        var result = await school.Services.CompleteAsync(token);

        Assert.Equal(AccessErrorCodes.LinkExpired, Assert.Single(result.Errors).Code);
        Assert.Null(await school.Store.FindAccountAsync(TestSchool.Symbol, Flow.MotherEmail, Flow.None));
    }

    [Fact]
    public async Task Complete_JustBeforeLifetimeEnds_Succeeds()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        school.Time.Advance(TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(1));

        var result = await school.Services.CompleteAsync(token);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("truncated")]
    [InlineData("padded")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("hash")]
    public async Task Complete_TamperedOrMalformedToken_LinkInvalid(string kind)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        var bad = kind switch
        {
            "tampered" => token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
            "truncated" => token[..^1],
            "padded" => token + "=",
            "garbage" => "'; DROP TABLE accounts; --",
            "empty" => string.Empty,
            _ => SecretTokens.Hash(token),
        };

        var result = await school.Services.CompleteAsync(bad);
        var check = await school.RestoreAccess.CheckLinkAsync(bad);

        Assert.Equal(AccessErrorCodes.LinkInvalid, Assert.Single(result.Errors).Code);
        Assert.Equal(AccessErrorCodes.LinkInvalid, Assert.Single(check.Errors).Code);
        Assert.True((await school.Services.CompleteAsync(token)).Succeeded);
    }

    [Fact]
    public async Task Complete_GuardianEmailClearedMeanwhile_LinkNotEligibleAndTokenStaysUnused_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        var mother = ola.Guardians.Single();
        Assert.True((await school.Records.UpdateGuardianAsync(TestSchool.SecretarySp1, ola.Id, mother.Id, TestSchool.Guardian("Anna", "Nowak", null))).Succeeded);

        var refused = await school.Services.CompleteAsync(token);
        var stillOpen = await school.RestoreAccess.CheckLinkAsync(token);
        Assert.True((await school.Records.UpdateGuardianAsync(TestSchool.SecretarySp1, ola.Id, mother.Id, TestSchool.Guardian("Anna", "Nowak", Flow.MotherEmail))).Succeeded);
        var afterFix = await school.Services.CompleteAsync(token);

        Assert.Equal(AccessErrorCodes.LinkNotEligible, Assert.Single(refused.Errors).Code);
        Assert.True(stillOpen.Succeeded, stillOpen.ToString());
        Assert.True(afterFix.Succeeded, afterFix.ToString());
    }

    [Fact]
    public async Task Complete_GuardianRemovedMeanwhile_LinkNotEligibleAndNoAccount_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        Assert.True((await school.Records.RemoveGuardianAsync(TestSchool.SecretarySp1, ola.Id, ola.Guardians.Single().Id)).Succeeded);

        var result = await school.Services.CompleteAsync(token);

        Assert.Equal(AccessErrorCodes.LinkNotEligible, Assert.Single(result.Errors).Code);
        Assert.Null(await school.Store.FindAccountAsync(TestSchool.Symbol, Flow.MotherEmail, Flow.None));
        Assert.Null((await school.Store.FindLinkTokenAsync(SecretTokens.Hash(token), Flow.None))!.ConsumedAt);
    }

    [Theory]
    [InlineData("krótkie", AccessErrorCodes.PasswordTooShort)]
    [InlineData("winniethepooh", AccessErrorCodes.PasswordCommon)]
    [InlineData("bartosz lubi zielone jablka", AccessErrorCodes.PasswordContainsName)]
    [InlineData("moj numer 15220123459 ok", AccessErrorCodes.PasswordContainsPesel)]
    [InlineData("anna.nowak@example.pl!", AccessErrorCodes.PasswordContainsEmail)]
    public async Task Complete_RefusedPassword_ItsCodeAndLinkStillWorks(string password, string code)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(TestSchool.Sp1, "4a", "Bartosz", "Nowak", TestSchool.Pesels[0], null, TestSchool.Guardian("Anna", "Nowak", Flow.MotherEmail));
        var token = await school.Services.RequestTokenAsync();

        var refused = await school.Services.CompleteAsync(token, password);
        var check = await school.RestoreAccess.CheckLinkAsync(token);
        var accepted = await school.Services.CompleteAsync(token);

        Assert.Contains(refused.Errors, e => e.Code == code && e.Field == "password");
        Assert.True(check.Succeeded, check.ToString());
        Assert.True(accepted.Succeeded, accepted.ToString());
    }

    [Fact]
    public async Task Complete_ExistingAccount_NewPasswordAndOldSessionsEndWithCredentialsChanged_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var before = await school.Services.AccountAsync();
        var oldTicket = await school.Services.SignInAsync();

        await school.Services.SetPasswordAsync(password: Flow.OtherPassword);

        var after = await school.Services.AccountAsync();
        var oldSession = await school.Services.ValidateAsync(oldTicket);
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.Equal(SessionStatus.Revoked, oldSession.Status);
        Assert.Equal(AccessErrorCodes.SessionCredentialsChanged, oldSession.Code);
        Assert.Equal(SignInOutcome.Failed, (await school.Services.TrySignInAsync(password: Flow.Password)).Outcome);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync(password: Flow.OtherPassword)).Outcome);
    }

    [Fact]
    public async Task Complete_ExistingAccountWithTotp_KeepsSecondFactor_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);

        await school.Services.SetPasswordAsync(password: Flow.OtherPassword);

        Assert.Equal(SignInOutcome.RequiresSecondFactor, (await school.Services.TrySignInAsync(password: Flow.OtherPassword)).Outcome);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync(password: Flow.OtherPassword, totp: Flow.Code(secret, school.Time.GetUtcNow()))).Outcome);
    }

    [Fact]
    public async Task CheckLink_EachState_MatchingCodeWithoutUsingTheLink()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var superseded = await school.Services.RequestTokenAsync();
        var live = await school.Services.RequestTokenAsync();

        var liveCheck = await school.RestoreAccess.CheckLinkAsync(live);
        var liveCheckAgain = await school.RestoreAccess.CheckLinkAsync(" " + live + " ");
        var supersededCheck = await school.RestoreAccess.CheckLinkAsync(superseded);
        var unknownCheck = await school.RestoreAccess.CheckLinkAsync(SecretTokens.NewToken());
        var nullCheck = await school.RestoreAccess.CheckLinkAsync(null);
        Assert.True((await school.Services.CompleteAsync(live)).Succeeded);
        var usedCheck = await school.RestoreAccess.CheckLinkAsync(live);
        var expiring = await school.Services.RequestTokenAsync();
        school.Time.Advance(TimeSpan.FromHours(1));
        var expiredCheck = await school.RestoreAccess.CheckLinkAsync(expiring);

        Assert.True(liveCheck.Succeeded, liveCheck.ToString());
        Assert.True(liveCheckAgain.Succeeded);
        Assert.Equal(AccessErrorCodes.LinkSuperseded, supersededCheck.Error!.Code);
        Assert.Equal(AccessErrorCodes.LinkInvalid, unknownCheck.Error!.Code);
        Assert.Equal(AccessErrorCodes.LinkInvalid, nullCheck.Error!.Code);
        Assert.Equal(AccessErrorCodes.LinkUsed, usedCheck.Error!.Code);
        Assert.Equal(AccessErrorCodes.LinkExpired, expiredCheck.Error!.Code);
        Assert.All(new[] { supersededCheck, unknownCheck, usedCheck, expiredCheck }, r => Assert.Equal("token", r.Error!.Field));
    }
}
