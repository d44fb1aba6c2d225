using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// A write that carries a mail or a device is one unit: when the last part cannot be stored (its id is taken), the call
// fails and the parts before it are not left behind. A ticket burned without a device, a password set without its
// notice, or an account half closed would each be worse than the error.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task ConsumePairingTicketAsync_DeviceIdTaken_FailsAndTicketStaysOpenWithoutMail_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var first = await PairAsync(store, account);
        var ticket = await OpenTicketAsync(store, account, Paired.AddMinutes(5));
        var mailBefore = await AllMailAsync(store);

        await Assert.ThrowsAnyAsync<Exception>(() => store.Devices.ConsumePairingTicketAsync(
            ticket.Id, Paired.AddMinutes(6), NewDevice(account, Paired.AddMinutes(6), name: "Drugi telefon") with { Id = first.Id }, DeviceMail(account, Paired.AddMinutes(6)), CancellationToken.None));

        Assert.Equal(ticket, await TicketAsync(store, ticket));
        AssertSameDevice(first, Assert.Single(await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None)));
        await AssertNoMailQueuedAsync(store, mailBefore);
        await UseTicketAsync(store, account, ticket, Paired.AddMinutes(7));
    }

    [Fact]
    public async Task CreatePairingTicketAsync_TicketIdTaken_FailsAndTheOpenTicketStaysOpen_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var open = await OpenTicketAsync(store, account);
        var clash = NewTicket(account, Paired.AddMinutes(1)) with { Id = open.Id };

        await Assert.ThrowsAnyAsync<Exception>(() => store.Devices.CreatePairingTicketAsync(clash, Paired.AddMinutes(1), CancellationToken.None));

        Assert.Equal(open, await TicketAsync(store, open));
        Assert.Null(await store.Devices.FindPairingTicketAsync(clash.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_MailIdTaken_FailsAndNothingWritten_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var taken = (await AllMailAsync(store))[0];
        var device = NewDevice(account, Paired.AddMinutes(1));

        await Assert.ThrowsAnyAsync<Exception>(() => store.Devices.ConsumePairingTicketAsync(
            ticket.Id, Paired.AddMinutes(1), device, DeviceMail(account, Paired.AddMinutes(1)) with { Id = taken.Id }, CancellationToken.None));

        Assert.Equal(ticket, await TicketAsync(store, ticket));
        Assert.Null(await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        AssertSameMail(taken, Assert.Single(await AllMailAsync(store)));
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_MailIdTaken_FailsAndTokenStaysOpenWithoutAccount_R3()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var earlier = NewMail(OtherParentEmail);
        await store.Outbox.EnqueueAsync(earlier, CancellationToken.None);
        var token = await IssueAsync(store, NewLinkToken());
        var account = NewAccount();

        await Assert.ThrowsAnyAsync<Exception>(() => store.Credentials.ConsumeLinkTokenAsync(
            token.TokenHash, Requested.AddMinutes(5), account, null, NewMail() with { Id = earlier.Id }, CancellationToken.None));

        Assert.Equal(token, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        Assert.Null(await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Null(await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        AssertSameMail(earlier, Assert.Single(await AllMailAsync(store)));
    }

    [Fact]
    public async Task UpdateAccountAsync_MailIdTaken_FailsAndAccountUnchanged()
    {
        var (store, account) = await StoreWithAccountAsync();
        var taken = (await AllMailAsync(store))[0];
        var updated = NextVersion(account) with { PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$bm93ZQ$bm93ZWhhc2xv", PasswordChangedAt = Requested.AddHours(1) };

        await Assert.ThrowsAnyAsync<Exception>(() => store.Credentials.UpdateAccountAsync(updated, account.Version, NewMail(createdAt: Requested.AddHours(1)) with { Id = taken.Id }, CancellationToken.None));

        AssertSameAccount(account, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        AssertSameMail(taken, Assert.Single(await AllMailAsync(store)));
    }

    [Fact]
    public async Task RecordLinkRequestAsync_MailIdTaken_FailsAndOldTokenNotSuperseded_R4()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var old = NewLinkToken();
        var oldMail = LinkMail(old);
        await store.Credentials.RecordLinkRequestAsync(old, oldMail, old.CreatedAt, CancellationToken.None);
        var newer = NewLinkToken(createdAt: Requested.AddMinutes(1));

        await Assert.ThrowsAnyAsync<Exception>(() => store.Credentials.RecordLinkRequestAsync(newer, LinkMail(newer) with { Id = oldMail.Id }, newer.CreatedAt, CancellationToken.None));

        Assert.Equal(old, await store.Credentials.FindLinkTokenAsync(old.TokenHash, CancellationToken.None));
        Assert.Null(await store.Credentials.FindLinkTokenAsync(newer.TokenHash, CancellationToken.None));
        AssertSameMail(oldMail, Assert.Single(await AllMailAsync(store)));
    }

    [Fact]
    public async Task CloseAccountAsync_NoticeIdTaken_FailsAndAccountStaysOpenWithEverythingItHad_R9()
    {
        var (store, account, there) = await AccountsInTwoInstancesAsync();
        await store.Credentials.LinkAccountsAsync(account.Id, there.Id, Requested.AddHours(1), CancellationToken.None);
        var session = NewSession(account);
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        var device = await PairAsync(store, account);
        var ticket = await OpenTicketAsync(store, account, Closure.AddMinutes(-1));
        var taken = (await AllMailAsync(store))[0];
        var mailBefore = await AllMailAsync(store);

        await Assert.ThrowsAnyAsync<Exception>(() => store.Credentials.CloseAccountAsync(
            account.Id, Closure, DeviceRevocationReason.EmailChanged, NewMail(kind: MailKind.EmailChanged, createdAt: Closure) with { Id = taken.Id }, CancellationToken.None));

        AssertSameAccount(account, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        Assert.Equal(session, await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None));
        AssertSameDevice(device, await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        Assert.Equal(ticket, await TicketAsync(store, ticket));
        await AssertLinksAsync(store, account, there);
        await AssertNoMailQueuedAsync(store, mailBefore);
    }
}
