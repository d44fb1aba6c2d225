using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;
using static Uonet.Access.Tests.Records.EmailChange.EmailChangeWorld;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records.EmailChange;

/// <summary>
/// Any single record edit that takes away an address's last way to sign in closes its account (R9): with
/// <see cref="DeviceRevocationReason.EmailChanged"/> when the same entry now holds another address, with
/// <see cref="DeviceRevocationReason.AccountClosed"/> otherwise; an address another record still backs keeps its account.
/// </summary>
public sealed class AccountClosureTests
{
    private const string PupilEmail = "ola.nowak@uczen.example.pl";
    private const string NewPupilEmail = "ola.nowak2@uczen.example.pl";

    [Fact]
    public async Task RemoveGuardian_LastRecordOfAddress_ClosesAccountWithReasonAccountClosed_R2_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        var removed = await world.Records.RemoveGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id);

        Assert.True(removed.Succeeded, removed.ToString());
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync()).Status);
        Assert.Equal(DeviceRevocationReason.AccountClosed, (await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevocationReason);
        Assert.Equal(AccessErrorCodes.SessionAccountClosed, (await world.ValidateAsync(holder.SessionTicket)).Code);
        Assert.NotNull((await world.Store.FindPairingTicketAsync(holder.OpenTicket.TokenHash, Flow.None))!.ClosedAt);
        Assert.Single(await world.MailsAsync(OldEmail, MailKind.AccountClosed));
    }

    [Fact]
    public async Task UpdateGuardian_EmailCleared_ClosesAccountWithReasonAccountClosed_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        var updated = await world.Records.UpdateGuardianAsync(TeacherSp1Class4A, ola.Id, ola.Guardians[0].Id, Guardian("Anna", "Nowak", null));

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync()).Status);
        Assert.Equal(DeviceRevocationReason.AccountClosed, (await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevocationReason);
    }

    [Fact]
    public async Task UpdateGuardian_EmailReplaced_ClosesOldAccountWithReasonEmailChanged_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        var updated = await world.Records.UpdateGuardianAsync(TeacherSp1Class4A, ola.Id, ola.Guardians[0].Id, Mother(NewEmail));

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(DeviceRevocationReason.EmailChanged, (await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevocationReason);
        Assert.Equal(AccessErrorCodes.SessionAccountClosed, (await world.ValidateAsync(holder.SessionTicket)).Code);
        Assert.Single(await world.MailsAsync(OldEmail, MailKind.EmailChanged));
        Assert.NotEmpty(await world.School.Resolver.ResolveAsync(Symbol, NewEmail));
    }

    [Fact]
    public async Task UpdateGuardian_PeselClearedInUnitThatRequiresIt_ClosesAccountWithReasonAccountClosed_R2()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var zosia = await world.AddZosiaAsync();
        var holder = await world.SignedInHolderAsync();

        var updated = await world.Records.UpdateGuardianAsync(SecretarySp2, zosia.Id, zosia.Guardians[0].Id, Mother());

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Null(updated.Value.Pesel);
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync()).Status);
        Assert.Equal(DeviceRevocationReason.AccountClosed, (await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevocationReason);
    }

    [Fact]
    public async Task UpdateGuardian_FirstNameCleared_ClosesAccountWithReasonAccountClosed_R2()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        await world.SignedInHolderAsync();

        var updated = await world.Records.UpdateGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id, new GuardianDetails { LastName = "Nowak", Email = OldEmail });

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync()).Status);
    }

    [Fact]
    public async Task RemoveGuardian_AddressStillInAnotherChildsRecord_KeepsAccountOpen_R5()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync();
        var holder = await world.SignedInHolderAsync();

        var removed = await world.Records.RemoveGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id);
        var session = await world.ValidateAsync(holder.SessionTicket);

        Assert.True(removed.Succeeded, removed.ToString());
        Assert.Equal(AccountStatus.Active, (await world.AccountAsync()).Status);
        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Equal(piotr.Id, Assert.Single(session.Pupils).StudentId);
        Assert.Null((await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevokedAt);
    }

    [Fact]
    public async Task UpdateGuardian_RelationChangedOnly_KeepsAccountOpen()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        var updated = await world.Records.UpdateGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id, Mother() with { Relation = GuardianRelation.LegalGuardian });

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(AccountStatus.Active, (await world.AccountAsync()).Status);
        Assert.Equal(SessionStatus.Valid, (await world.ValidateAsync(holder.SessionTicket)).Status);
    }

    [Fact]
    public async Task UpdateStudent_OwnEmailChanged_ClosesOldStudentAccountWithReasonEmailChanged_R1_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync(ownEmail: PupilEmail);
        var holder = await world.SignedInHolderAsync(PupilEmail);

        var updated = await world.Records.UpdateStudentAsync(TeacherSp1Class4A, ola.Id, new StudentChanges { Email = NewPupilEmail });

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync(PupilEmail)).Status);
        Assert.Equal(DeviceRevocationReason.EmailChanged, (await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevocationReason);
        Assert.Single(await world.MailsAsync(PupilEmail, MailKind.EmailChanged));
        Assert.NotEmpty(await world.School.Resolver.ResolveAsync(Symbol, NewPupilEmail));
    }

    [Fact]
    public async Task UpdateStudent_PeselCleared_ClosesStudentAccountWithReasonAccountClosedButNotTheGuardians_R1()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync(ownEmail: PupilEmail);
        var pupil = await world.SignedInHolderAsync(PupilEmail);
        var mother = await world.SignedInHolderAsync(OldEmail);

        var updated = await world.Records.UpdateStudentAsync(SecretarySp1, ola.Id, new StudentChanges { Pesel = "" });

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(DeviceRevocationReason.AccountClosed, (await world.Store.FindDeviceAsync(pupil.Device.Id, Flow.None))!.RevocationReason);
        Assert.Equal(AccountStatus.Active, (await world.AccountAsync(OldEmail)).Status);
        Assert.Equal(SessionStatus.Valid, (await world.ValidateAsync(mother.SessionTicket)).Status);
    }

    [Fact]
    public async Task ClosedAccount_AddressListedAgain_FirstLoginReopensIt_R3()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();
        Assert.True((await world.Records.RemoveGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id)).Succeeded);
        Assert.True((await world.Records.AddGuardianAsync(SecretarySp1, ola.Id, Mother())).Succeeded);

        await world.Services.SetPasswordAsync(OldEmail, Flow.OtherPassword);
        var signedIn = await world.Services.TrySignInAsync(OldEmail, Flow.OtherPassword);

        var account = await world.AccountAsync();
        Assert.Equal(holder.Account.Id, account.Id);
        Assert.Equal(AccountStatus.Active, account.Status);
        Assert.Equal(SignInOutcome.Success, signedIn.Outcome);
        Assert.NotNull((await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None))!.RevokedAt);
    }

    [Fact]
    public async Task CloseIfIneligible_CalledAgain_ClosesOnceAndSendsOneNotice_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        await world.SignedInHolderAsync();
        await world.RemoveGuardiansBypassingClosureAsync(ola);

        var first = await world.Closure.CloseIfIneligibleAsync(Symbol, OldEmail, DeviceRevocationReason.AccountClosed, null, null, Flow.None);
        var second = await world.Closure.CloseIfIneligibleAsync(Symbol, OldEmail, DeviceRevocationReason.EmailChanged, null, null, Flow.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync()).Status);
        Assert.Single(await world.MailsAsync(OldEmail, MailKind.AccountClosed));
    }

    [Fact]
    public async Task CloseIfIneligible_AddressStillSeesAPupil_LeavesAccountOpen_R5()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        var closed = await world.Closure.CloseIfIneligibleAsync(Symbol, OldEmail, DeviceRevocationReason.EmailChanged, null, null, Flow.None);

        Assert.False(closed);
        Assert.Equal(SessionStatus.Valid, (await world.ValidateAsync(holder.SessionTicket)).Status);
        Assert.Empty(await world.MailsAsync(OldEmail, MailKind.EmailChanged));
    }

    [Fact]
    public async Task CloseIfIneligible_NoAccountForAddress_DoesNothing()
    {
        await using var world = await EmailChangeWorld.CreateAsync();

        var closed = await world.Closure.CloseIfIneligibleAsync(Symbol, OldEmail, DeviceRevocationReason.EmailChanged, null, null, Flow.None);

        Assert.False(closed);
        Assert.Empty(await world.MailsAsync(OldEmail, MailKind.EmailChanged));
    }

    [Fact]
    public async Task RemoveGuardian_ClosingTheAccountFails_RecordChangeStillSucceeds()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();
        var failing = FailingCloseCredentialStore.Wrap(world.Store);
        var closure = new AccountClosure(world.Store, failing, world.School.Resolver, world.Services.GetRequiredService<MailComposer>(), world.School.Time);
        var records = new StudentRecords(world.Store, world.Store, closure, world.School.Time);

        var removed = await records.RemoveGuardianAsync(SecretarySp1, ola.Id, ola.Guardians[0].Id);

        Assert.True(removed.Succeeded, removed.ToString());
        Assert.Empty((await world.ReadAsync(ola.Id)).Guardians);
        Assert.Equal(AccountStatus.Active, (await world.AccountAsync()).Status);
        Assert.Equal(AccessErrorCodes.SessionNotEligible, (await world.ValidateAsync(holder.SessionTicket)).Code);
    }

    [Fact]
    public void LostAddresses_GuardianNotEligibleBefore_IsNotLost_R2()
    {
        var guardian = new GuardianEntry { Id = Guid.NewGuid(), FirstName = "Anna", LastName = "Nowak", Email = OldEmail };
        var before = Record(guardian);
        var unit = new SchoolUnit(Symbol, Sp2, "Szkoła Podstawowa nr 2", RequireGuardianPesel: true);

        var lost = AccountClosure.LostAddresses(before, before with { Guardians = [] }, unit);

        Assert.Empty(lost);
    }

    [Fact]
    public void LostAddresses_GuardianReplacedAndAnotherRemoved_GivesEachItsReason_R9()
    {
        var mother = new GuardianEntry { Id = Guid.NewGuid(), FirstName = "Anna", LastName = "Nowak", Email = OldEmail };
        var father = new GuardianEntry { Id = Guid.NewGuid(), FirstName = "Jan", LastName = "Nowak", Email = "jan.nowak@example.pl" };
        var before = Record(mother, father);
        var unit = new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa nr 1", RequireGuardianPesel: false);

        var lost = AccountClosure.LostAddresses(before, before with { Guardians = [mother with { Email = NewEmail }] }, unit);

        Assert.Equal(new[] { (OldEmail, DeviceRevocationReason.EmailChanged), ("jan.nowak@example.pl", DeviceRevocationReason.AccountClosed) }, lost);
    }

    [Fact]
    public void LostAddresses_AddressMovedToAnotherEntryOfTheRecord_IsNotLost()
    {
        var mother = new GuardianEntry { Id = Guid.NewGuid(), FirstName = "Anna", LastName = "Nowak", Email = OldEmail };
        var before = Record(mother);
        var unit = new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa nr 1", RequireGuardianPesel: false);

        var lost = AccountClosure.LostAddresses(before, before with { Guardians = [mother with { Id = Guid.NewGuid() }] }, unit);

        Assert.Empty(lost);
    }

    private static StudentRecord Record(params GuardianEntry[] guardians) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = Symbol,
        UnitCode = Sp1,
        ClassName = "4A",
        FirstName = "Ola",
        LastName = "Nowak",
        Pesel = Pesels[0],
        Guardians = guardians,
    };
}

/// <summary>An <see cref="ICredentialStore"/> whose <see cref="ICredentialStore.CloseAccountAsync(Guid, DateTimeOffset, DeviceRevocationReason, OutboxMessage?, Uonet.Access.SecurityEvents.SecurityEvent?, CancellationToken)"/> fails like a broken database.</summary>
#pragma warning disable CA1852 // DispatchProxy derives a proxy type from this class, so it cannot be sealed.
internal class FailingCloseCredentialStore : DispatchProxy
#pragma warning restore CA1852
{
    private ICredentialStore _inner = null!;

    public static ICredentialStore Wrap(ICredentialStore inner)
    {
        var proxy = Create<ICredentialStore, FailingCloseCredentialStore>();
        ((FailingCloseCredentialStore)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ICredentialStore.CloseAccountAsync))
        {
            return Task.FromException<bool>(new InvalidOperationException("The database is unreachable."));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}
