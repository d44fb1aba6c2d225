using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// The security trail is written in the same atomic unit as the change it records: a write that is refused (a version
// conflict, a mail id taken, a spent token) leaves neither the change nor the event, and an event of an address
// without an account is dropped inside the call, so a workflow passes one for every address at the same cost.
public abstract partial class StoreSpecification
{
    /// <summary>A security event of <paramref name="account"/> at <paramref name="at"/>.</summary>
    protected static SecurityEvent NewEvent(Account account, SecurityEventKind kind, DateTimeOffset at, string? detail = null) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = account.Id,
        InstanceSymbol = account.InstanceSymbol,
        Kind = kind,
        OccurredAt = at,
        ClientAddress = "198.51.100.0/24",
        ClientDescription = "Firefox 140 na Linuksie",
        Detail = detail,
    };

    [Fact]
    public async Task UpdateAccountAsync_WithEvent_AppendsItInTheSameWriteAndListsNewestFirst()
    {
        var (store, account) = await StoreWithAccountAsync();
        var older = NewEvent(account, SecurityEventKind.PasswordChanged, Requested.AddMinutes(10));
        var newer = NewEvent(account, SecurityEventKind.SecondFactorEnabled, Requested.AddMinutes(20));

        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(NextVersion(account), account.Version, null, older, CancellationToken.None));
        var updated = (await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None))!;
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(NextVersion(updated), updated.Version, null, newer, CancellationToken.None));

        var trail = await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None);
        Assert.Equal([newer, older], trail);
        Assert.Equal([newer], await store.Credentials.ListSecurityEventsAsync(account.Id, 1, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAccountAsync_VersionConflict_NeitherTheChangeNorTheEvent()
    {
        var (store, account) = await StoreWithAccountAsync();

        var result = await store.Credentials.UpdateAccountAsync(NextVersion(account), account.Version + 7, null, NewEvent(account, SecurityEventKind.PasswordChanged, Requested.AddMinutes(10)), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        Assert.Empty(await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAccountAsync_MailIdTaken_FailsLeavingNeitherTheChangeNorTheEvent()
    {
        var (store, account) = await StoreWithAccountAsync();
        var taken = (await AllMailAsync(store))[0];

        await Assert.ThrowsAnyAsync<Exception>(() => store.Credentials.UpdateAccountAsync(
            NextVersion(account) with { PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB" },
            account.Version,
            NewMail() with { Id = taken.Id },
            NewEvent(account, SecurityEventKind.PasswordChanged, Requested.AddMinutes(10)),
            CancellationToken.None));

        AssertSameAccount(account, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        Assert.Empty(await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAccountAsync_EventIdTaken_FailsAndTheAccountIsUnchanged()
    {
        var (store, account) = await StoreWithAccountAsync();
        var first = NewEvent(account, SecurityEventKind.PasswordChanged, Requested.AddMinutes(10));
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(NextVersion(account), account.Version, null, first, CancellationToken.None));
        var current = (await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None))!;

        await Assert.ThrowsAnyAsync<Exception>(() => store.Credentials.UpdateAccountAsync(
            NextVersion(current), current.Version, null, NewEvent(account, SecurityEventKind.SecondFactorEnabled, Requested.AddMinutes(11)) with { Id = first.Id }, CancellationToken.None));

        AssertSameAccount(current, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        Assert.Equal([first], await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_SpentToken_NoEvent_R4()
    {
        var (store, account) = await StoreWithAccountAsync();
        var token = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddMinutes(30)));
        var current = (await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None))!;
        var set = NewEvent(account, SecurityEventKind.PasswordSet, Requested.AddMinutes(31));
        Assert.Equal(LinkTokenConsumption.Consumed, await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(31), NextVersion(current), current.Version, NewMail(), set, CancellationToken.None));
        current = (await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None))!;

        var again = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(32), NextVersion(current), current.Version, NewMail(), NewEvent(account, SecurityEventKind.PasswordSet, Requested.AddMinutes(32)), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.AlreadyUsed, again);
        Assert.Equal([set], await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_EventOfAnAddressWithoutAccount_DroppedAndCountedAlike()
    {
        var (store, account) = await StoreWithAccountAsync();
        var stranger = NewAccount(OtherParentEmail);
        var policy = new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

        var known = await store.Credentials.RecordAttemptAsync("sign-in:known", Requested, policy, NewEvent(account, SecurityEventKind.SignInFailed, Requested), CancellationToken.None);
        var unknown = await store.Credentials.RecordAttemptAsync("sign-in:unknown", Requested, policy, NewEvent(stranger, SecurityEventKind.SignInFailed, Requested), CancellationToken.None);

        Assert.Equal(known, unknown);
        Assert.Single(await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
        Assert.Empty(await store.Credentials.ListSecurityEventsAsync(stranger.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_TheAttemptThatLocks_KeptAsSignInLocked()
    {
        var (store, account) = await StoreWithAccountAsync();
        var policy = new AttemptPolicy(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

        for (var i = 0; i < 3; i++)
        {
            await store.Credentials.RecordAttemptAsync("sign-in:lock", Requested.AddSeconds(i), policy, NewEvent(account, SecurityEventKind.SignInFailed, Requested.AddSeconds(i)), CancellationToken.None);
        }

        var trail = await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None);
        Assert.Equal([SecurityEventKind.SignInLocked, SecurityEventKind.SignInFailed, SecurityEventKind.SignInFailed], trail.Select(e => e.Kind));
        Assert.Equal(nameof(SecurityEventKind.SignInFailed), trail[0].Detail);
    }

    [Fact]
    public async Task RecordLinkRequestAsync_Event_FiledUnderTheAddressAccountOrDropped_R4()
    {
        var (store, account) = await StoreWithAccountAsync();
        var mine = NewEvent(account, SecurityEventKind.RestoreLinkRequested, Requested.AddMinutes(40)) with { AccountId = Guid.Empty };
        var nobodys = NewEvent(account, SecurityEventKind.RestoreLinkRequested, Requested.AddMinutes(40)) with { AccountId = Guid.Empty };

        await store.Credentials.RecordLinkRequestAsync(NewLinkToken(createdAt: Requested.AddMinutes(40)), null, Requested.AddMinutes(40), mine, CancellationToken.None);
        await store.Credentials.RecordLinkRequestAsync(NewLinkToken(OtherParentEmail, createdAt: Requested.AddMinutes(40)), null, Requested.AddMinutes(40), nobodys, CancellationToken.None);

        Assert.Equal([mine with { AccountId = account.Id }], await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
        Assert.Empty(await store.Credentials.ListSecurityEventsAsync(Guid.Empty, 30, CancellationToken.None));
    }

    [Fact]
    public async Task SessionsAndDevices_EventsOnlyWhenSomethingChanged_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var session = NewSession(account);
        var signedIn = NewEvent(account, SecurityEventKind.SignInSucceeded, Requested.AddMinutes(10));
        await store.Credentials.CreateSessionAsync(session, signedIn, CancellationToken.None);
        var ended = NewEvent(account, SecurityEventKind.SessionEnded, Requested.AddMinutes(11));
        await store.Credentials.RevokeSessionAsync(session.Id, Requested.AddMinutes(11), ended, CancellationToken.None);
        await store.Credentials.RevokeSessionAsync(session.Id, Requested.AddMinutes(12), NewEvent(account, SecurityEventKind.SessionEnded, Requested.AddMinutes(12)), CancellationToken.None);
        var device = await PairAsync(store, account);
        var revoked = NewEvent(account, SecurityEventKind.DeviceRevoked, Paired.AddMinutes(30), nameof(DeviceRevocationReason.RevokedByUser));

        Assert.True(await store.Devices.RevokeDeviceAsync(device.Id, Paired.AddMinutes(30), DeviceRevocationReason.RevokedByUser, revoked, CancellationToken.None));
        Assert.False(await store.Devices.RevokeDeviceAsync(device.Id, Paired.AddMinutes(31), DeviceRevocationReason.RevokedByStaff, NewEvent(account, SecurityEventKind.DeviceRevoked, Paired.AddMinutes(31)), CancellationToken.None));

        Assert.Equal([revoked, ended, signedIn], await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_WithEvent_ClosedTogetherAndASecondCloseAddsNothing_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        var closed = NewEvent(account, SecurityEventKind.EmailChanged, Requested.AddHours(2));

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Requested.AddHours(2), DeviceRevocationReason.EmailChanged, null, closed, CancellationToken.None));
        Assert.False(await store.Credentials.CloseAccountAsync(account.Id, Requested.AddHours(3), DeviceRevocationReason.EmailChanged, null, NewEvent(account, SecurityEventKind.AccountClosed, Requested.AddHours(3)), CancellationToken.None));

        Assert.Equal([closed], await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_WithEvent_AppendedWithTheDevice_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var registered = NewEvent(account, SecurityEventKind.DeviceRegistered, Paired.AddMinutes(1), "Telefon Anny");

        Assert.Equal(PairingConsumption.Consumed, await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(1), NewDevice(account, Paired.AddMinutes(1)), DeviceMail(account, Paired.AddMinutes(1)), registered, CancellationToken.None));
        Assert.Equal(PairingConsumption.AlreadyUsed, await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(2), NewDevice(account, Paired.AddMinutes(2)), DeviceMail(account, Paired.AddMinutes(2)), NewEvent(account, SecurityEventKind.DeviceRegistered, Paired.AddMinutes(2)), CancellationToken.None));

        Assert.Equal([registered], await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }

    [Fact]
    public async Task AppendSecurityEventAsync_TextOverTheLimit_RefusedNamingTheField()
    {
        var (store, account) = await StoreWithAccountAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.AppendSecurityEventAsync(
            NewEvent(account, SecurityEventKind.SignInFailed, Requested) with { ClientDescription = new string('x', StoreLimits.SecurityEventText + 1) }, CancellationToken.None));

        Assert.Contains("SecurityEvent.ClientDescription", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.Credentials.ListSecurityEventsAsync(account.Id, 30, CancellationToken.None));
    }
}
