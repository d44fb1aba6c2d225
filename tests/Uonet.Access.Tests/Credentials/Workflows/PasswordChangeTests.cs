using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Sessions;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// A signed-in person changes their password with the current one (R3; ASVS 5.0 V6.2.2, V6.2.3). The change ends every
/// other session and replaces the caller's own ticket (V7.2.4), and it cannot be used to guess the current password.
/// </summary>
public sealed class PasswordChangeTests
{
    private const string NewPassword = "pociag do krakowa odjezdza rano";

    [Fact]
    public async Task ChangeAsync_RightCurrentPassword_NewOneSignsInAndOldOneNoLonger()
    {
        await using var school = await SignedInMotherAsync();

        var changed = await ChangeAsync(school.Services, school.Ticket, Flow.Password, NewPassword);

        Assert.True(changed.Succeeded, changed.ToString());
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync(password: NewPassword)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await school.Services.TrySignInAsync(password: Flow.Password)).Outcome);
    }

    [Fact]
    public async Task ChangeAsync_Success_ReplacesOwnTicketAndEndsOtherSessions()
    {
        await using var school = await SignedInMotherAsync();
        var otherDevice = await school.Services.SignInAsync();

        var changed = await ChangeAsync(school.Services, school.Ticket, Flow.Password, NewPassword);

        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(changed.Value)).Status);
        Assert.Equal(SessionStatus.Revoked, (await school.Services.ValidateAsync(school.Ticket)).Status);
        var other = await school.Services.ValidateAsync(otherDevice);
        Assert.Equal(SessionStatus.Revoked, other.Status);
        Assert.Equal(AccessErrorCodes.SessionCredentialsChanged, other.Code);
    }

    [Fact]
    public async Task ChangeAsync_Success_QueuesNoticeToTheAddress()
    {
        await using var school = await SignedInMotherAsync();
        await school.Dispatcher.DispatchPendingAsync();
        var noticesBefore = school.Mail.Sent.Count(m => m.Kind == MailKind.PasswordSet);

        await ChangeAsync(school.Services, school.Ticket, Flow.Password, NewPassword);
        await school.Dispatcher.DispatchPendingAsync();

        Assert.Equal(noticesBefore + 1, school.Mail.Sent.Count(m => m.Kind == MailKind.PasswordSet && m.To == Flow.MotherEmail));
    }

    [Fact]
    public async Task ChangeAsync_WrongCurrentPassword_RefusedAndNothingChanges()
    {
        await using var school = await SignedInMotherAsync();
        var before = await school.Services.AccountAsync();

        var changed = await ChangeAsync(school.Services, school.Ticket, "to nie jest moje haslo", NewPassword);

        Assert.Equal(AccessErrorCodes.PasswordCurrentInvalid, Assert.Single(changed.Errors).Code);
        var after = await school.Services.AccountAsync();
        Assert.Equal((before.PasswordHash, before.SecurityStamp, before.Version), (after.PasswordHash, after.SecurityStamp, after.Version));
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(school.Ticket)).Status);
    }

    [Fact]
    public async Task ChangeAsync_WrongCurrentPasswordFiveTimes_LocksTheAddressLikeSignIn()
    {
        await using var school = await SignedInMotherAsync();

        for (var i = 0; i < 4; i++)
        {
            await ChangeAsync(school.Services, school.Ticket, "zgaduje haslo " + i, NewPassword);
        }

        var fifth = await ChangeAsync(school.Services, school.Ticket, "zgaduje haslo 5", NewPassword);
        var rightOneNow = await ChangeAsync(school.Services, school.Ticket, Flow.Password, NewPassword);

        Assert.Equal(AccessErrorCodes.SignInLockedOut, Assert.Single(fifth.Errors).Code);
        Assert.Equal(AccessErrorCodes.SignInLockedOut, Assert.Single(rightOneNow.Errors).Code);
        Assert.Equal(SignInOutcome.LockedOut, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Theory]
    [InlineData("krotkie", AccessErrorCodes.PasswordTooShort)]
    [InlineData("qwertyuiop", AccessErrorCodes.PasswordCommon)]
    [InlineData("anna nowak i jej corka ola", AccessErrorCodes.PasswordContainsName)]
    public async Task ChangeAsync_NewPasswordAgainstPolicy_RefusedWithPolicyCode(string newPassword, string code)
    {
        await using var school = await SignedInMotherAsync();

        var changed = await ChangeAsync(school.Services, school.Ticket, Flow.Password, newPassword);

        Assert.Contains(changed.Errors, e => e.Code == code);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1.0123456789abcdef0123456789abcdef.xyz")]
    public async Task ChangeAsync_NoValidSession_RefusedWithSessionCode(string? ticket)
    {
        await using var school = await SignedInMotherAsync();

        var changed = await ChangeAsync(school.Services, ticket, Flow.Password, NewPassword);

        Assert.StartsWith("Session.", Assert.Single(changed.Errors).Code, StringComparison.Ordinal);
        Assert.Equal(SignInOutcome.Success, (await school.Services.TrySignInAsync()).Outcome);
    }

    private static Task<AccessResult<string>> ChangeAsync(IServiceProvider services, string? ticket, string current, string next) =>
        services.GetRequiredService<PasswordChange>().ChangeAsync(new PasswordChangeRequest { SessionTicket = ticket, CurrentPassword = current, NewPassword = next });

    private static async Task<SignedInSchool> SignedInMotherAsync()
    {
        var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        return new SignedInSchool(school, await school.Services.SignInAsync());
    }

    private sealed class SignedInSchool(TestSchool school, string ticket) : IAsyncDisposable
    {
        public string Ticket { get; } = ticket;

        public IServiceProvider Services => school.Services;

        public RecordingMailSender Mail => school.Mail;

        public OutboxDispatcher Dispatcher => school.Dispatcher;

        public ValueTask DisposeAsync() => school.DisposeAsync();
    }
}
