using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Passwords;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// <see cref="AccountSignIn.SignInAsync"/>: e-mail and password (R3), the same answer and cost for unknown addresses,
/// store-backed lockout per address and throttling per client, and hash upgrades (DESIGN §4.2, §5).
/// </summary>
public sealed class SignInTests
{
    private const string Client = "198.51.100.7";

    [Fact]
    public async Task SignIn_GuardianOfChildrenInTwoUnits_SucceedsWithEveryPupil_R5()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.AddStudentAsync(TestSchool.Sp2, "1b", "Piotr", "Nowak", TestSchool.Pesels[1], null,
            TestSchool.Guardian("Anna", "Nowak", Flow.MotherEmail, TestSchool.Pesels[4]));
        await school.Services.SetPasswordAsync();

        var result = await school.Services.TrySignInAsync(email: "  ANNA.Nowak@example.PL ");

        Assert.Equal(SignInOutcome.Success, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Null(result.Error);
        Assert.Null(result.LockedUntil);
        Assert.Equal([("Ola", TestSchool.Sp1), ("Piotr", TestSchool.Sp2)], result.Pupils.Select(p => (p.FirstName, p.UnitCode)));
        Assert.All(result.Pupils, p => Assert.Equal(PupilRelation.Mother, p.Relation));
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(result.SessionTicket)).Status);
    }

    [Fact]
    public async Task SignIn_WrongPassword_FailedWithoutTicket_R3()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();

        var result = await school.Services.TrySignInAsync(password: Flow.OtherPassword);

        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Equal(AccessErrorCodes.SignInFailed, result.Error!.Code);
        Assert.Null(result.SessionTicket);
        Assert.Empty(result.Pupils);
    }

    [Fact]
    public async Task SignIn_OtherInstance_FailedEvenWithRightPassword_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();

        var result = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.OtherSymbol, Email = Flow.MotherEmail, Password = Flow.Password });
        var unknownInstance = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = "gminanieistniejaca", Email = Flow.MotherEmail, Password = Flow.Password });

        Assert.Equal(AccessErrorCodes.SignInFailed, result.Error!.Code);
        Assert.Null(result.SessionTicket);
        Assert.Equal(AccessErrorCodes.InstanceNotFound, unknownInstance.Error!.Code);
    }

    [Fact]
    public async Task SignIn_UnknownAddress_SameAnswerAsWrongPasswordAndOneVerificationEach_R3()
    {
        await using var school = await CustomSchool.CreateAsync(services: s => s.AddSingleton<IPasswordHasher, CountingPasswordHasher>());
        var hasher = (CountingPasswordHasher)school.Services.GetRequiredService<IPasswordHasher>();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();

        var before = hasher.Verifications;
        var wrongPassword = await school.Services.TrySignInAsync(password: Flow.OtherPassword);
        var afterKnown = hasher.Verifications;
        var unknown = await school.Services.TrySignInAsync(email: "nikt@example.pl", password: Flow.OtherPassword);
        var afterUnknown = hasher.Verifications;
        var invalid = await school.Services.TrySignInAsync(email: "to nie jest adres", password: Flow.OtherPassword);
        var afterInvalid = hasher.Verifications;

        Assert.Equal(1, afterKnown - before);
        Assert.Equal(1, afterUnknown - afterKnown);
        Assert.Equal(1, afterInvalid - afterUnknown);
        Assert.Equal(wrongPassword.Outcome, unknown.Outcome);
        Assert.Equal(wrongPassword.Error, unknown.Error);
        Assert.Equal(wrongPassword.Error, invalid.Error);
        Assert.Equal(AccessErrorCodes.SignInFailed, unknown.Error!.Code);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockedForFiveMinutesEvenForRightPasswordThenReleased()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var failures = new List<AccountSignInResult>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add(await school.Services.TrySignInAsync(password: Flow.OtherPassword));
        }

        var lockedAt = school.Time.GetUtcNow();
        var rightWhileLocked = await school.Services.TrySignInAsync();
        school.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var rightJustBeforeRelease = await school.Services.TrySignInAsync();
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var rightAfterRelease = await school.Services.TrySignInAsync();

        Assert.All(failures.Take(4), f => Assert.Equal(SignInOutcome.Failed, f.Outcome));
        Assert.Equal(SignInOutcome.LockedOut, failures[4].Outcome);
        Assert.Equal(AccessErrorCodes.SignInLockedOut, failures[4].Error!.Code);
        Assert.Equal(lockedAt + TimeSpan.FromMinutes(5), failures[4].LockedUntil);
        Assert.Equal(SignInOutcome.LockedOut, rightWhileLocked.Outcome);
        Assert.Null(rightWhileLocked.SessionTicket);
        Assert.Equal(lockedAt + TimeSpan.FromMinutes(5), rightWhileLocked.LockedUntil);
        Assert.Equal(SignInOutcome.LockedOut, rightJustBeforeRelease.Outcome);
        Assert.Equal(SignInOutcome.Success, rightAfterRelease.Outcome);
    }

    [Fact]
    public async Task SignIn_SuccessAfterFourFailures_ResetsTheCounter()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        for (var i = 0; i < 4; i++)
        {
            await school.Services.TrySignInAsync(password: Flow.OtherPassword);
        }

        await school.Services.SignInAsync();
        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await school.Services.TrySignInAsync(password: Flow.OtherPassword)).Outcome);
        }

        Assert.All(outcomes, o => Assert.Equal(SignInOutcome.Failed, o));
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Fact]
    public async Task SignIn_UnknownAddress_LocksLikeAKnownOne()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var known = new List<AccountSignInResult>();
        var unknown = new List<AccountSignInResult>();
        for (var i = 0; i < 6; i++)
        {
            known.Add(await school.Services.TrySignInAsync(password: Flow.OtherPassword));
            unknown.Add(await school.Services.TrySignInAsync(email: "nikt@example.pl", password: Flow.OtherPassword));
        }

        Assert.Equal(known.Select(r => (r.Outcome, r.Error, r.LockedUntil)), unknown.Select(r => (r.Outcome, r.Error, r.LockedUntil)));
        Assert.Equal(SignInOutcome.LockedOut, unknown[4].Outcome);
        Assert.Equal(SignInOutcome.LockedOut, unknown[5].Outcome);
    }

    [Fact]
    public async Task SignIn_FiftyFailuresFromOneClientAcrossAddresses_ClientThrottledOthersNot()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < 50; i++)
        {
            outcomes.Add((await school.Services.TrySignInAsync(email: $"zgadywany{i}@example.pl", password: Flow.OtherPassword, clientKey: Client)).Outcome);
        }

        var lockedAt = school.Time.GetUtcNow();
        var throttled = await school.Services.TrySignInAsync(clientKey: Client);
        var otherClient = await school.Services.TrySignInAsync(clientKey: "203.0.113.9");
        school.Time.Advance(TimeSpan.FromMinutes(15));
        var released = await school.Services.TrySignInAsync(clientKey: Client);

        Assert.All(outcomes, o => Assert.Equal(SignInOutcome.Failed, o));
        Assert.Equal(SignInOutcome.Throttled, throttled.Outcome);
        Assert.Equal(AccessErrorCodes.RateLimited, throttled.Error!.Code);
        Assert.Equal("900", throttled.Error.Arguments["retryAfterSeconds"]);
        Assert.Equal(lockedAt + TimeSpan.FromMinutes(15), throttled.LockedUntil);
        Assert.Null(throttled.SessionTicket);
        Assert.Equal(SignInOutcome.Success, otherClient.Outcome);
        Assert.Equal(SignInOutcome.Success, released.Outcome);
    }

    [Fact]
    public async Task SignIn_GuardianRemovedAfterPasswordSet_NotEligible_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        Assert.True((await school.Records.RemoveGuardianAsync(TestSchool.SecretarySp1, ola.Id, ola.Guardians.Single().Id)).Succeeded);

        var result = await school.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Equal(AccessErrorCodes.SignInNotEligible, result.Error!.Code);
        Assert.Null(result.SessionTicket);
    }

    [Fact]
    public async Task SignIn_ClosedAccountRightPassword_NotEligibleWithoutCountingAFailure_R9()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var account = await school.Services.AccountAsync();
        Assert.Equal(Uonet.Access.Storage.StoreWriteResult.Success, await school.Store.UpdateAccountAsync(account with { Status = AccountStatus.Closed, ClosedAt = school.Time.GetUtcNow(), Version = account.Version + 1 }, account.Version, null, null, Flow.None));

        var result = await school.Services.TrySignInAsync();

        // Only someone who knows the password learns the school removed the address; anyone else sees SignIn.Failed.
        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Equal(AccessErrorCodes.SignInNotEligible, result.Error!.Code);
        Assert.Null(result.SessionTicket);
    }

    [Fact]
    public async Task SignIn_ClosedAccountWrongPassword_FailedLikeUnknown_R9()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var account = await school.Services.AccountAsync();
        Assert.Equal(Uonet.Access.Storage.StoreWriteResult.Success, await school.Store.UpdateAccountAsync(account with { Status = AccountStatus.Closed, ClosedAt = school.Time.GetUtcNow(), Version = account.Version + 1 }, account.Version, null, null, Flow.None));

        var result = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = "anna.nowak@example.pl", Password = "zupełnie inne hasło" });

        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Equal(AccessErrorCodes.SignInFailed, result.Error!.Code);
    }

    [Fact]
    public async Task SignIn_HashWithOlderParameters_UpgradedOnSuccess()
    {
        await using var school = await TestSchool.CreateAsync(o => o.PasswordHashing.Iterations = 2);
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var account = await school.Services.AccountAsync();
        var oldHash = await PasswordHashers.Create(memoryKiB: 64, iterations: 1).HashAsync(Flow.Password, Flow.None);
        Assert.Equal(Uonet.Access.Storage.StoreWriteResult.Success, await school.Store.UpdateAccountAsync(account with { PasswordHash = oldHash, Version = account.Version + 1 }, account.Version, null, null, Flow.None));

        var result = await school.Services.TrySignInAsync();

        var upgraded = (await school.Services.AccountAsync()).PasswordHash;
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        Assert.Contains("$m=64,t=1,p=1$", oldHash, StringComparison.Ordinal);
        Assert.Contains("$m=64,t=2,p=1$", upgraded, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, await school.Services.GetRequiredService<IPasswordHasher>().VerifyAsync(Flow.Password, upgraded, Flow.None));
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Fact]
    public async Task SignIn_HashWithCurrentParameters_NotRewritten()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var before = await school.Services.AccountAsync();

        await school.Services.SignInAsync();

        var after = await school.Services.AccountAsync();
        Assert.Equal(before.PasswordHash, after.PasswordHash);
        Assert.Equal(before.Version, after.Version);
    }
}
