using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// <see cref="TwoFactorSetup"/> and the second factor at sign-in: RFC 6238 codes checked independently with Otp.NET,
/// each time step accepted once, recovery codes used once, and wrong codes counted toward lockout (unlike ASP.NET
/// Identity's unlimited 6-digit codes; DESIGN §5).
/// </summary>
public sealed class TwoFactorTests
{
    [Fact]
    public async Task Begin_SignedIn_ReturnsSecretUriAndQrCodesAndSignInUnchanged()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var begun = await school.TwoFactor.BeginAsync(ticket);

        Assert.True(begun.Succeeded, begun.ToString());
        var enrollment = begun.Value;
        var account = await school.Services.AccountAsync();
        Assert.Null(account.TotpSecret);
        Assert.Equal(20, account.PendingTotpSecret!.Length);
        Assert.Equal(OtpNet.Base32Encoding.ToString(account.PendingTotpSecret).TrimEnd('='), enrollment.SecretBase32);
        Assert.Matches("^[A-Z2-7]{32}$", enrollment.SecretBase32);
        Assert.StartsWith("otpauth://totp/Gmina%20Wulkanowo:anna.nowak%40example.pl?", enrollment.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("secret=" + enrollment.SecretBase32, enrollment.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("digits=6", enrollment.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("period=30", enrollment.OtpAuthUri, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, enrollment.QrPng[..8]);
        Assert.Contains("<svg", enrollment.QrSvg, StringComparison.Ordinal);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Fact]
    public async Task Begin_InvalidTicket_RefusedWithSessionCode()
    {
        await using var school = await TestSchool.CreateAsync();

        var begun = await school.TwoFactor.BeginAsync("garbage");
        var confirmed = await school.TwoFactor.ConfirmAsync(null, "123456");

        Assert.Equal(AccessErrorCodes.SessionStale, Assert.Single(begun.Errors).Code);
        Assert.Equal(AccessErrorCodes.SessionStale, Assert.Single(confirmed.Errors).Code);
    }

    [Fact]
    public async Task Confirm_WrongCode_TotpCodeInvalidAndNotEnrolled()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.TwoFactor.BeginAsync(ticket);
        var secret = (await school.Services.AccountAsync()).PendingTotpSecret!;

        var confirmed = await school.TwoFactor.ConfirmAsync(ticket, Flow.WrongCode(secret, school.Time.GetUtcNow()));

        var error = Assert.Single(confirmed.Errors);
        Assert.Equal(AccessErrorCodes.TotpCodeInvalid, error.Code);
        Assert.Equal("code", error.Field);
        Assert.Null((await school.Services.AccountAsync()).TotpSecret);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Fact]
    public async Task Confirm_WithoutBegin_TotpNotEnrolled()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var confirmed = await school.TwoFactor.ConfirmAsync(ticket, "123456");

        Assert.Equal(AccessErrorCodes.TotpNotEnrolled, Assert.Single(confirmed.Errors).Code);
    }

    [Fact]
    public async Task Confirm_RightCode_TenRecoveryCodesThenSignInNeedsTheCode()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.TwoFactor.BeginAsync(ticket);
        var secret = (await school.Services.AccountAsync()).PendingTotpSecret!;

        var confirmed = await school.TwoFactor.ConfirmAsync(ticket, Flow.Code(secret, school.Time.GetUtcNow()));
        school.Time.Advance(TimeSpan.FromSeconds(30));
        var withoutCode = await school.Services.TrySignInAsync();
        var withCode = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));
        var again = await school.TwoFactor.BeginAsync(ticket);

        Assert.True(confirmed.Succeeded, confirmed.ToString());
        Assert.Equal(10, confirmed.Value.Count);
        Assert.Equal(10, confirmed.Value.Distinct().Count());
        Assert.All(confirmed.Value, c => Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$", c));
        var account = await school.Services.AccountAsync();
        Assert.Equal(secret, account.TotpSecret);
        Assert.Null(account.PendingTotpSecret);
        Assert.Equal(confirmed.Value.Select(RecoveryCodes.Hash).Order(), account.RecoveryCodeHashes.Order());
        Assert.Equal(SignInOutcome.RequiresSecondFactor, withoutCode.Outcome);
        Assert.Equal(AccessErrorCodes.SignInRequiresSecondFactor, withoutCode.Error!.Code);
        Assert.Null(withoutCode.SessionTicket);
        Assert.Equal(SignInOutcome.Success, withCode.Outcome);
        Assert.Equal(AccessErrorCodes.TotpAlreadyEnrolled, again.Error!.Code);
    }

    [Fact]
    public async Task SignIn_CodeUsedToConfirm_RefusedInTheSameStep()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.TwoFactor.BeginAsync(ticket);
        var secret = (await school.Services.AccountAsync()).PendingTotpSecret!;
        var code = Flow.Code(secret, school.Time.GetUtcNow());
        await school.TwoFactor.ConfirmAsync(ticket, code);

        var replay = await school.Services.TrySignInAsync(totp: code);

        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, replay.Error!.Code);
    }

    [Fact]
    public async Task SignIn_SameCodeTwiceInOneStep_SecondRefusedNextStepAccepted()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        var code = Flow.Code(secret, school.Time.GetUtcNow());

        var first = await school.Services.TrySignInAsync(totp: code);
        school.Time.Advance(TimeSpan.FromSeconds(10));
        var replay = await school.Services.TrySignInAsync(totp: code);
        school.Time.Advance(TimeSpan.FromSeconds(30));
        var next = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));

        Assert.Equal(SignInOutcome.Success, first.Outcome);
        Assert.Equal(SignInOutcome.Failed, replay.Outcome);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, replay.Error!.Code);
        Assert.Null(replay.SessionTicket);
        Assert.Equal(SignInOutcome.Success, next.Outcome);
    }

    [Fact]
    public async Task SignIn_CodeOfPreviousStepAfterNewerOneUsed_Refused()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        var older = Flow.Code(secret, school.Time.GetUtcNow());
        school.Time.Advance(TimeSpan.FromSeconds(30));

        var newer = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));
        var olderAfterNewer = await school.Services.TrySignInAsync(totp: older);

        Assert.Equal(SignInOutcome.Success, newer.Outcome);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, olderAfterNewer.Error!.Code);
    }

    [Fact]
    public async Task SignIn_CodeOneStepOffEitherWay_Accepted()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        school.Time.Advance(TimeSpan.FromSeconds(30));

        var previous = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow().AddSeconds(-30)));
        var nextStep = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow().AddSeconds(30)));
        var twoAhead = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow().AddSeconds(90)));

        Assert.Equal(SignInOutcome.Success, previous.Outcome);
        Assert.Equal(SignInOutcome.Success, nextStep.Outcome);
        Assert.Equal(SignInOutcome.Failed, twoAhead.Outcome);
    }

    [Fact]
    public async Task SignIn_32ParallelWithOneValidCode_ExactlyOneSuccess()
    {
        await using var school = await CustomSchool.CreateAsync(services: s => s.AddSingleton<IPasswordHasher, GatedPasswordHasher>());
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        var code = Flow.Code(secret, school.Time.GetUtcNow());
        ((GatedPasswordHasher)school.Services.GetRequiredService<IPasswordHasher>()).HoldUntil(32);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => school.Services.TrySignInAsync(totp: code))));

        Assert.Single(results, r => r.Outcome == SignInOutcome.Success);
        Assert.All(results.Where(r => r.Outcome != SignInOutcome.Success), r =>
        {
            Assert.Contains(r.Outcome, new[] { SignInOutcome.Failed, SignInOutcome.LockedOut });
            Assert.Null(r.SessionTicket);
        });
    }

    [Fact]
    public async Task SignIn_RecoveryCode_WorksOnceInAnySpelling()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (_, codes, _) = await school.Services.EnrolTotpAsync(school.Time);

        var first = await school.Services.TrySignInAsync(recovery: codes[3].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        var second = await school.Services.TrySignInAsync(recovery: codes[3]);
        var another = await school.Services.TrySignInAsync(recovery: codes[4]);

        Assert.Equal(SignInOutcome.Success, first.Outcome);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, second.Error!.Code);
        Assert.Equal(SignInOutcome.Success, another.Outcome);
        Assert.Equal(8, (await school.Services.AccountAsync()).RecoveryCodeHashes.Count);
    }

    [Fact]
    public async Task SignIn_RecoveryCodeWithWrongPassword_FailedAndCodeNotSpent()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (_, codes, _) = await school.Services.EnrolTotpAsync(school.Time);

        var wrongPassword = await school.Services.TrySignInAsync(password: Flow.OtherPassword, recovery: codes[0]);

        Assert.Equal(AccessErrorCodes.SignInFailed, wrongPassword.Error!.Code);
        Assert.Equal(10, (await school.Services.AccountAsync()).RecoveryCodeHashes.Count);
    }

    [Fact]
    public async Task SignIn_FiveWrongCodes_LockedOutEvenWithRightCode()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        var wrong = Flow.WrongCode(secret, school.Time.GetUtcNow());
        var outcomes = new List<AccountSignInResult>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await school.Services.TrySignInAsync(totp: wrong));
        }

        var right = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));

        Assert.All(outcomes.Take(4), r => Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, r.Error!.Code));
        Assert.Equal(SignInOutcome.LockedOut, outcomes[4].Outcome);
        Assert.Equal(SignInOutcome.LockedOut, right.Outcome);
    }

    [Fact]
    public async Task Confirm_WrongCodes_CountTowardSignInLockout()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.TwoFactor.BeginAsync(ticket);
        var secret = (await school.Services.AccountAsync()).PendingTotpSecret!;
        for (var i = 0; i < 5; i++)
        {
            await school.TwoFactor.ConfirmAsync(ticket, Flow.WrongCode(secret, school.Time.GetUtcNow()));
        }

        var signIn = await school.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.LockedOut, signIn.Outcome);
    }

    [Fact]
    public async Task Disable_RequiresValidCode_ThenSignInWithoutCode()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, codes, ticket) = await school.Services.EnrolTotpAsync(school.Time);

        var wrong = await school.TwoFactor.DisableAsync(ticket, Flow.WrongCode(secret, school.Time.GetUtcNow()));
        var recoveryInstead = await school.TwoFactor.DisableAsync(ticket, codes[0]);
        var stillRequired = await school.Services.TrySignInAsync();
        var disabled = await school.TwoFactor.DisableAsync(ticket, Flow.Code(secret, school.Time.GetUtcNow()));
        var afterDisable = await school.Services.TrySignInAsync();

        Assert.Equal(AccessErrorCodes.TotpCodeInvalid, Assert.Single(wrong.Errors).Code);
        Assert.Equal(AccessErrorCodes.TotpCodeInvalid, Assert.Single(recoveryInstead.Errors).Code);
        Assert.Equal(SignInOutcome.RequiresSecondFactor, stillRequired.Outcome);
        Assert.True(disabled.Succeeded, disabled.ToString());
        Assert.Equal(SignInOutcome.Success, afterDisable.Outcome);
        var account = await school.Services.AccountAsync();
        Assert.Null(account.TotpSecret);
        Assert.Empty(account.RecoveryCodeHashes);
    }

    [Fact]
    public async Task Disable_NotEnrolled_TotpNotEnrolled()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var result = await school.TwoFactor.DisableAsync(ticket, "123456");

        Assert.Equal(AccessErrorCodes.TotpNotEnrolled, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task RegenerateRecoveryCodes_ValidCode_OldCodesStopWorkingNewOnesWork()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, oldCodes, ticket) = await school.Services.EnrolTotpAsync(school.Time);

        var refused = await school.TwoFactor.RegenerateRecoveryCodesAsync(ticket, Flow.WrongCode(secret, school.Time.GetUtcNow()));
        var regenerated = await school.TwoFactor.RegenerateRecoveryCodesAsync(ticket, Flow.Code(secret, school.Time.GetUtcNow()));
        var old = await school.Services.TrySignInAsync(recovery: oldCodes[0]);
        var fresh = await school.Services.TrySignInAsync(recovery: regenerated.Value[0]);

        Assert.Equal(AccessErrorCodes.TotpCodeInvalid, Assert.Single(refused.Errors).Code);
        Assert.True(regenerated.Succeeded, regenerated.ToString());
        Assert.Equal(10, regenerated.Value.Count);
        Assert.Empty(regenerated.Value.Intersect(oldCodes));
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, old.Error!.Code);
        Assert.Equal(SignInOutcome.Success, fresh.Outcome);
    }

    [Fact]
    public async Task RegenerateRecoveryCodes_CodeThenUsedForSignIn_RefusedAsReplay()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, ticket) = await school.Services.EnrolTotpAsync(school.Time);
        var code = Flow.Code(secret, school.Time.GetUtcNow());
        await school.TwoFactor.RegenerateRecoveryCodesAsync(ticket, code);

        var replay = await school.Services.TrySignInAsync(totp: code);

        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, replay.Error!.Code);
    }
}
