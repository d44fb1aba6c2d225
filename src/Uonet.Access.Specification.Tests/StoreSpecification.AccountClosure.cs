using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Closing an account (R9: its address no longer backs any record) is one atomic unit: whatever could still act for
// the account (a session, a phone, a link in a mailbox, a QR code on a screen, a link to another instance) ends with it.
public abstract partial class StoreSpecification
{
    /// <summary>When the accounts of the closure tests are closed.</summary>
    protected static readonly DateTimeOffset Closure = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A third instance, for links that must survive the closure of another account.</summary>
    protected const string ThirdSymbol = "gminatrzecia";

    [Fact]
    public async Task CloseAccountAsync_OpenAccount_ClosedWithNewStampNextVersionAndNoticeQueued_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        var notice = NewMail(kind: MailKind.EmailChanged, createdAt: Closure);

        var closed = await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, notice, CancellationToken.None);

        Assert.True(closed);
        var stored = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.NotEqual(account.SecurityStamp, stored.SecurityStamp);
        Assert.False(string.IsNullOrWhiteSpace(stored.SecurityStamp));
        AssertSameAccount(NextVersion(account) with { Status = AccountStatus.Closed, ClosedAt = Closure, SecurityStamp = stored.SecurityStamp }, stored);
        AssertSameAccount(stored, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        AssertSameMail(notice, await MailAsync(store, notice.Id));
    }

    [Fact]
    public async Task CloseAccountAsync_OpenSessions_AllEndedOthersUntouched_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var laptop = NewSession(account);
        var phone = NewSession(account);
        var signedOut = NewSession(account);
        var neighbours = NewSession(neighbour);
        foreach (var session in new[] { laptop, phone, signedOut, neighbours })
        {
            await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        }

        await store.Credentials.RevokeSessionAsync(signedOut.Id, Requested.AddHours(1), CancellationToken.None);

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        Assert.Equal(laptop with { RevokedAt = Closure }, await store.Credentials.FindSessionAsync(laptop.Id, CancellationToken.None));
        Assert.Equal(phone with { RevokedAt = Closure }, await store.Credentials.FindSessionAsync(phone.Id, CancellationToken.None));
        Assert.Equal(signedOut with { RevokedAt = Requested.AddHours(1) }, await store.Credentials.FindSessionAsync(signedOut.Id, CancellationToken.None));
        Assert.Equal(neighbours, await store.Credentials.FindSessionAsync(neighbours.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData(DeviceRevocationReason.EmailChanged)]
    [InlineData(DeviceRevocationReason.AccountClosed)]
    public async Task CloseAccountAsync_Devices_RevokedWithTheGivenReasonEarlierRevocationsKept_R9(DeviceRevocationReason reason)
    {
        var (store, account) = await StoreWithAccountAsync();
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var phone = await PairAsync(store, account, Paired);
        var tablet = await PairAsync(store, account, Paired.AddMinutes(10));
        var oldPhone = await PairAsync(store, account, Paired.AddMinutes(20));
        var neighboursPhone = await PairAsync(store, neighbour, Paired.AddMinutes(30));
        Assert.True(await store.Devices.RevokeDeviceAsync(oldPhone.Id, Paired.AddHours(1), DeviceRevocationReason.RevokedByUser, CancellationToken.None));

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, reason, null, CancellationToken.None));

        // The reason lets the app offer re-pairing after an address change instead of a reinstall.
        AssertSameDevice(phone with { RevokedAt = Closure, RevocationReason = reason }, await store.Devices.FindDeviceAsync(phone.Id, CancellationToken.None));
        AssertSameDevice(tablet with { RevokedAt = Closure, RevocationReason = reason }, await store.Devices.FindDeviceAsync(tablet.Id, CancellationToken.None));
        AssertSameDevice(oldPhone with { RevokedAt = Paired.AddHours(1), RevocationReason = DeviceRevocationReason.RevokedByUser }, await store.Devices.FindDeviceAsync(oldPhone.Id, CancellationToken.None));
        AssertSameDevice(neighboursPhone, await store.Devices.FindDeviceAsync(neighboursPhone.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_OpenLinkToken_ClosedAndNoLongerUsable_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        var restore = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddHours(2)));
        var sameAddressElsewhere = await IssueAsync(store, NewLinkToken(ParentEmail, OtherSymbol, Requested.AddHours(2)));
        var neighbours = await IssueAsync(store, NewLinkToken(OtherParentEmail, createdAt: Requested.AddHours(2)));

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        Assert.Equal(restore with { SupersededAt = Closure }, await store.Credentials.FindLinkTokenAsync(restore.TokenHash, CancellationToken.None));
        Assert.Equal(sameAddressElsewhere, await store.Credentials.FindLinkTokenAsync(sameAddressElsewhere.TokenHash, CancellationToken.None));
        Assert.Equal(neighbours, await store.Credentials.FindLinkTokenAsync(neighbours.TokenHash, CancellationToken.None));
        var late = NextVersion(account) with { PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$bGF0ZQ$bGF0ZWhhc2g" };
        Assert.Equal(
            LinkTokenConsumption.Superseded,
            await store.Credentials.ConsumeLinkTokenAsync(restore.TokenHash, Closure.AddMinutes(1), late, account.Version + 1, NewMail(createdAt: Closure.AddMinutes(1)), CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_OpenPairingTicket_ClosedAndNoLongerUsable_R7_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var used = await OpenTicketAsync(store, account, Paired);
        await UseTicketAsync(store, account, used, Paired.AddMinutes(1));
        var onScreen = await OpenTicketAsync(store, account, Closure.AddMinutes(-2));
        var neighbours = await OpenTicketAsync(store, neighbour, Closure.AddMinutes(-2));

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        Assert.Equal(onScreen with { ClosedAt = Closure }, await TicketAsync(store, onScreen));
        Assert.Equal(used with { ConsumedAt = Paired.AddMinutes(1) }, await TicketAsync(store, used));
        Assert.Equal(neighbours, await TicketAsync(store, neighbours));
        var late = NewDevice(account, Closure.AddMinutes(1));
        Assert.Equal(PairingConsumption.Closed, await store.Devices.ConsumePairingTicketAsync(onScreen.Id, Closure.AddMinutes(1), late, DeviceMail(account), CancellationToken.None));
        Assert.Null(await store.Devices.FindDeviceAsync(late.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_LinkedAccounts_ItsLinksRemovedBothWaysOthersKept_R6()
    {
        var (store, account, there) = await AccountsInTwoInstancesAsync();
        var third = await AccountInThirdInstanceAsync(store);
        await store.Credentials.LinkAccountsAsync(account.Id, there.Id, Requested.AddHours(1), CancellationToken.None);
        await store.Credentials.LinkAccountsAsync(third.Id, account.Id, Requested.AddHours(1), CancellationToken.None);
        await store.Credentials.LinkAccountsAsync(there.Id, third.Id, Requested.AddHours(1), CancellationToken.None);

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        await AssertLinksAsync(store, account);
        await AssertLinksAsync(store, there, third);
        await AssertLinksAsync(store, third, there);
        Assert.Equal(AccountStatus.Active, (await store.Credentials.FindAccountByIdAsync(there.Id, CancellationToken.None))?.Status);
        Assert.Equal(AccountStatus.Active, (await store.Credentials.FindAccountByIdAsync(third.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task CloseAccountAsync_WithoutNotice_QueuesNothing()
    {
        var (store, account) = await StoreWithAccountAsync();
        var mailBefore = await AllMailAsync(store);

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.AccountClosed, null, CancellationToken.None));

        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task CloseAccountAsync_AlreadyClosed_FalseAndNothingWritten()
    {
        var (store, account) = await StoreWithAccountAsync();
        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));
        var once = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);
        var mailBefore = await AllMailAsync(store);

        var again = await store.Credentials.CloseAccountAsync(account.Id, Closure.AddHours(1), DeviceRevocationReason.AccountClosed, NewMail(kind: MailKind.AccountClosed, createdAt: Closure.AddHours(1)), CancellationToken.None);

        Assert.False(again);
        AssertSameAccount(once!, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task CloseAccountAsync_UnknownAccount_FalseAndNothingQueued()
    {
        var (store, account) = await StoreWithAccountAsync();
        var mailBefore = await AllMailAsync(store);

        var closed = await store.Credentials.CloseAccountAsync(Guid.NewGuid(), Closure, DeviceRevocationReason.AccountClosed, NewMail(kind: MailKind.AccountClosed, createdAt: Closure), CancellationToken.None);

        Assert.False(closed);
        await AssertNoMailQueuedAsync(store, mailBefore);
        AssertSameAccount(account, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAccountAsync_ComputedBeforeTheClosure_ConflictAndAccountStaysClosed_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));
        var closed = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);

        // A TOTP enrolment read the account before it was closed and writes after: it must not bring it back.
        var stale = NextVersion(account) with { TotpSecret = [1, 2, 3, 4] };
        var result = await store.Credentials.UpdateAccountAsync(stale, account.Version, null, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        AssertSameAccount(closed!, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
    }
}
