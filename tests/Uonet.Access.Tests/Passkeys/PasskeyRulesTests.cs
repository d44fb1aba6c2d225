using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Passkeys;

/// <summary>Passkeys obey what a password obeys, and their management keeps the account's owner informed.</summary>
public sealed class PasskeyRulesTests
{
    [Fact]
    public async Task ListRenameRemove_OwnPasskey_WorkAndNoticesAreQueued()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        var added = await world.RegisterAsync(authenticator, "Telefon");

        var renamed = await world.Passkeys.RenameAsync(world.Ticket, added.Id, "Laptop w pracy");
        var listed = await world.Passkeys.ListAsync(world.Ticket);
        var removed = await world.Passkeys.RemoveAsync(world.Ticket, added.Id);

        Assert.True(renamed.Succeeded);
        Assert.Equal("Laptop w pracy", Assert.Single(listed.Value).Name);
        Assert.True(removed.Succeeded);
        Assert.Empty((await world.Passkeys.ListAsync(world.Ticket)).Value);
        var outbox = await world.Services.GetRequiredService<InMemoryAccessStore>().ListAsync(Flow.MotherEmail, 100, CancellationToken.None);
        Assert.Contains(outbox, m => m.Kind == MailKind.PasskeyAdded && m.To == Flow.MotherEmail);
        Assert.Contains(outbox, m => m.Kind == MailKind.PasskeyRemoved && m.To == Flow.MotherEmail);
    }

    [Fact]
    public async Task RenameRemove_AnotherAccountsPasskey_AreRefusedAsNotFound()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        var mothers = await world.RegisterAsync(authenticator);
        await world.Services.AddStudentAsync(TestSchool.Sp1, "4a", "Jan", "Kowal", TestSchool.Pesels[1], null, TestSchool.Guardian("Piotr", "Kowal", "piotr.kowal@example.pl", relation: GuardianRelation.Father));
        await world.Services.SetPasswordAsync("piotr.kowal@example.pl");
        var other = await world.Services.SignInAsync("piotr.kowal@example.pl");

        var renamed = await world.Passkeys.RenameAsync(other, mothers.Id, "cudzy");
        var removed = await world.Passkeys.RemoveAsync(other, mothers.Id);

        Assert.Equal(AccessErrorCodes.PasskeyNotFound, renamed.Errors[0].Code);
        Assert.Equal(AccessErrorCodes.PasskeyNotFound, removed.Errors[0].Code);
        Assert.Single((await world.Passkeys.ListAsync(world.Ticket)).Value);
    }

    [Fact]
    public async Task CompleteRegistration_SameAuthenticatorTwice_IsRefusedAsAlreadyRegistered()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);

        var again = await world.CompleteRegistrationAsync(authenticator);

        Assert.Equal(AccessErrorCodes.PasskeyAlreadyRegistered, again.Errors[0].Code);
    }

    [Fact]
    public async Task SignIn_AfterTheSchoolChangedTheEmail_IsRefusedAndThePasskeyIsGone()
    {
        // R9: the old account is closed with its sessions, devices and passkeys.
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        var account = await world.Services.AccountAsync();

        var changed = await world.Services.GetRequiredService<GuardianEmailChange>().ApplyAsync(TestSchool.SecretarySp1, Flow.MotherEmail, "anna.nowa@example.pl");
        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.True(changed.Succeeded, changed.ToString());
        Assert.Equal(AccessErrorCodes.PasskeyUnknown, result.Error!.Code);
        Assert.Empty(await world.Services.GetRequiredService<InMemoryAccessStore>().ListPasskeysAsync(account.Id, CancellationToken.None));
    }

    [Fact]
    public async Task SignIn_DuringTechnicalBreak_IsRefusedWithTheBreak()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        var options = await world.BeginSignInAsync();
        var window = await world.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Przerwa" });
        Assert.True(window.Succeeded, window.ToString());

        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(SignInOutcome.Maintenance, result.Outcome);
    }

    [Fact]
    public async Task SignIn_WhileTheAddressIsLocked_IsRefusedAsLockedOut()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        for (var i = 0; i < 5; i++)
        {
            await world.Services.TrySignInAsync(password: "zle haslo numer " + i);
        }

        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(SignInOutcome.LockedOut, result.Outcome);
    }

    [Fact]
    public async Task SignIn_FailedAnswers_CountTowardTheAddressLockout()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        authenticator.VerifiesUser = false;
        for (var i = 0; i < 5; i++)
        {
            var options = await world.BeginSignInAsync();
            await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));
        }

        var password = await world.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.LockedOut, password.Outcome);
    }

    [Fact]
    public async Task SignIn_UnknownCredentials_CountAgainstTheClient()
    {
        await using var world = await PasskeyWorld.CreateAsync(o => o.SignIn.PerClient = new AttemptPolicy(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
        using var stranger = new SoftwareAuthenticator();
        AccountSignInResult? last = null;
        for (var i = 0; i < 4; i++)
        {
            var options = await world.BeginSignInAsync();
            last = await world.CompleteSignInAsync(stranger.Get(options.OptionsJson), clientKey: "203.0.113.7");
        }

        Assert.Equal(SignInOutcome.Throttled, last!.Outcome);
    }

    [Fact]
    public async Task RemoveForAccount_ByOperator_RemovesAndNotifies()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        var added = await world.RegisterAsync(authenticator);

        var listed = await world.Passkeys.ListForAccountAsync(TestSchool.Symbol, Flow.MotherEmail);
        var removed = await world.Passkeys.RemoveForAccountAsync(TestSchool.Symbol, Flow.MotherEmail, added.Id);
        var unknown = await world.Passkeys.ListForAccountAsync(TestSchool.Symbol, "nikt@example.pl");

        Assert.Single(listed.Value);
        Assert.True(removed.Succeeded);
        Assert.Equal(AccessErrorCodes.AccountNotFound, unknown.Errors[0].Code);
    }
}
