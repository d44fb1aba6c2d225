using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.Storage;
using static Uonet.Access.Sqlite.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// The shared specification suite covers the directory, records, credentials and outbox; these tests hold the SQLite
// store to the documented contracts of IDeviceStore, IMaintenanceStore, account closure and account links.
public sealed class SqliteDeviceStoreTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task CreatePairingTicketAsync_SecondTicket_ClosesTheOpenOneOnly_R7()
    {
        var (store, account) = await AccountAsync();
        var other = await CreateAccountAsync(store, "piotr.nowak@example.pl");
        var othersTicket = Ticket(other);
        var first = Ticket(account);
        await store.CreatePairingTicketAsync(othersTicket, Now, CancellationToken.None);
        await store.CreatePairingTicketAsync(first, Now, CancellationToken.None);
        var second = Ticket(account, Now.AddMinutes(2));

        await store.CreatePairingTicketAsync(second, Now.AddMinutes(2), CancellationToken.None);

        Assert.Equal(first with { ClosedAt = Now.AddMinutes(2) }, await store.FindPairingTicketAsync(first.TokenHash, CancellationToken.None));
        Assert.Equal(second, await store.FindPairingTicketAsync(second.TokenHash, CancellationToken.None));
        Assert.Equal(othersTicket, await store.FindPairingTicketAsync(othersTicket.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task FindPairingTicketAsync_TokenCameRoundAgain_FindsTheNewestTicket()
    {
        var (store, account) = await AccountAsync();
        var old = Ticket(account);
        await store.CreatePairingTicketAsync(old, Now, CancellationToken.None);
        var again = Ticket(account, Now.AddDays(3)) with { TokenHash = old.TokenHash };

        await store.CreatePairingTicketAsync(again, Now.AddDays(3), CancellationToken.None);

        Assert.Equal(again, await store.FindPairingTicketAsync(old.TokenHash, CancellationToken.None));
        Assert.Null(await store.FindPairingTicketAsync(HashOf("nieznany"), CancellationToken.None));
    }

    [Fact]
    public async Task RecordWrongPinAsync_ThreeWrongPins_CountsDownThenClosesAtZero_R7()
    {
        var (store, account) = await AccountAsync();
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);

        var first = await store.RecordWrongPinAsync(ticket.Id, Now.AddMinutes(1), CancellationToken.None);
        var second = await store.RecordWrongPinAsync(ticket.Id, Now.AddMinutes(2), CancellationToken.None);
        var third = await store.RecordWrongPinAsync(ticket.Id, Now.AddMinutes(3), CancellationToken.None);
        var fourth = await store.RecordWrongPinAsync(ticket.Id, Now.AddMinutes(4), CancellationToken.None);

        Assert.Equal(ticket with { RemainingTries = 2 }, first);
        Assert.Equal(ticket with { RemainingTries = 1 }, second);
        Assert.Equal(ticket with { RemainingTries = 0, ClosedAt = Now.AddMinutes(3) }, third);
        Assert.Equal(third, fourth);
        Assert.Equal(PairingConsumption.Closed, await store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(5), Device(account), NewMail(), CancellationToken.None));
    }

    [Fact]
    public async Task RecordWrongPinAsync_ExpiredOrUnknownTicket_NotCounted()
    {
        var (store, account) = await AccountAsync();
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);

        var expired = await store.RecordWrongPinAsync(ticket.Id, ticket.ExpiresAt, CancellationToken.None);

        Assert.Equal(ticket, expired);
        Assert.Null(await store.RecordWrongPinAsync(Guid.NewGuid(), Now, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_OpenTicket_DeviceStoredWithEveryFieldAndMailQueued_R7()
    {
        var (store, account) = await AccountAsync();
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);
        var device = Device(account) with { KeyAlgorithm = DeviceKeyAlgorithm.Rsa, Platform = "iOS 19" };
        var mail = NewMail(kind: MailKind.NewDevice, createdAt: Now.AddMinutes(1));

        var result = await store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(1), device, mail, CancellationToken.None);

        Assert.Equal(PairingConsumption.Consumed, result);
        Assert.Equal(ticket with { ConsumedAt = Now.AddMinutes(1) }, await store.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None));
        var stored = await store.FindDeviceAsync(device.Id, CancellationToken.None);
        Assert.Equal(device with { PublicKey = [] }, stored! with { PublicKey = [] });
        Assert.Equal(device.PublicKey, stored.PublicKey);
        Assert.Equal(mail, (await store.ListAsync(null, 1, CancellationToken.None))[0]);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_UsedClosedExpiredOrUnknown_AnsweredAndNothingWritten()
    {
        var (store, account) = await AccountAsync();
        var used = Ticket(account);
        await store.CreatePairingTicketAsync(used, Now, CancellationToken.None);
        await store.ConsumePairingTicketAsync(used.Id, Now.AddMinutes(1), Device(account), NewMail(), CancellationToken.None);
        var closed = Ticket(account, Now.AddMinutes(2));
        await store.CreatePairingTicketAsync(closed, Now.AddMinutes(2), CancellationToken.None);
        var expiring = Ticket(account, Now.AddMinutes(3));
        await store.CreatePairingTicketAsync(expiring, Now.AddMinutes(3), CancellationToken.None);
        var mailBefore = (await store.ListAsync(null, 100, CancellationToken.None)).Count;

        Assert.Equal(PairingConsumption.AlreadyUsed, await store.ConsumePairingTicketAsync(used.Id, Now.AddMinutes(4), Device(account), NewMail(), CancellationToken.None));
        Assert.Equal(PairingConsumption.Closed, await store.ConsumePairingTicketAsync(closed.Id, Now.AddMinutes(4), Device(account), NewMail(), CancellationToken.None));
        Assert.Equal(PairingConsumption.Expired, await store.ConsumePairingTicketAsync(expiring.Id, expiring.ExpiresAt, Device(account), NewMail(), CancellationToken.None));
        Assert.Equal(PairingConsumption.NotFound, await store.ConsumePairingTicketAsync(Guid.NewGuid(), Now, Device(account), NewMail(), CancellationToken.None));

        Assert.Single(await store.ListDevicesAsync(account.Id, CancellationToken.None));
        Assert.Equal(mailBefore, (await store.ListAsync(null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ListDevicesAsync_SeveralDevices_NewestFirstWithRevokedOnesAndOnlyThatAccount()
    {
        var (store, account) = await AccountAsync();
        var other = await CreateAccountAsync(store, "piotr.nowak@example.pl");
        var older = await PairAsync(store, account, Now);
        var newer = await PairAsync(store, account, Now.AddHours(1));
        await PairAsync(store, other, Now.AddHours(2));
        await store.RevokeDeviceAsync(older.Id, Now.AddHours(3), DeviceRevocationReason.RevokedByUser, CancellationToken.None);

        var list = await store.ListDevicesAsync(account.Id, CancellationToken.None);

        Assert.Equal([newer.Id, older.Id], list.Select(d => d.Id));
        Assert.Equal(DeviceRevocationReason.RevokedByUser, list[1].RevocationReason);
    }

    [Fact]
    public async Task RevokeDeviceAsync_Twice_KeepsTheFirstReasonAndTime_R9()
    {
        var (store, account) = await AccountAsync();
        var device = await PairAsync(store, account);

        Assert.True(await store.RevokeDeviceAsync(device.Id, Now.AddHours(1), DeviceRevocationReason.EmailChanged, CancellationToken.None));
        Assert.False(await store.RevokeDeviceAsync(device.Id, Now.AddHours(2), DeviceRevocationReason.RevokedByStaff, CancellationToken.None));
        Assert.False(await store.RevokeDeviceAsync(Guid.NewGuid(), Now, DeviceRevocationReason.RevokedByStaff, CancellationToken.None));

        var stored = await store.FindDeviceAsync(device.Id, CancellationToken.None);
        Assert.Equal(Now.AddHours(1), stored!.RevokedAt);
        Assert.Equal(DeviceRevocationReason.EmailChanged, stored.RevocationReason);
    }

    [Fact]
    public async Task TouchDeviceAsync_EarlierTime_NeverMovesBackward()
    {
        var (store, account) = await AccountAsync();
        var device = await PairAsync(store, account);

        await store.TouchDeviceAsync(device.Id, Now.AddMinutes(10), CancellationToken.None);
        await store.TouchDeviceAsync(device.Id, Now.AddMinutes(4), CancellationToken.None);

        Assert.Equal(Now.AddMinutes(10), (await store.FindDeviceAsync(device.Id, CancellationToken.None))?.LastSeenAt);
    }

    [Fact]
    public async Task TryRecordSignatureAsync_ReplayWithinWindow_RefusedUntilItExpires()
    {
        var store = await _database.CreateStoreAsync();
        var device = Guid.NewGuid();
        var signature = HashOf("sig1");

        Assert.True(await store.TryRecordSignatureAsync(device, signature, Now, Now.AddMinutes(5), CancellationToken.None));
        Assert.False(await store.TryRecordSignatureAsync(device, signature, Now.AddMinutes(4), Now.AddMinutes(9), CancellationToken.None));
        Assert.True(await store.TryRecordSignatureAsync(Guid.NewGuid(), signature, Now, Now.AddMinutes(5), CancellationToken.None));
        Assert.True(await store.TryRecordSignatureAsync(device, signature, Now.AddMinutes(5), Now.AddMinutes(10), CancellationToken.None));
        Assert.False(await store.TryRecordSignatureAsync(device, signature, Now.AddMinutes(9), Now.AddMinutes(14), CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_OpenAccount_ClosesEverythingInOneUnit_R9()
    {
        var (store, account) = await AccountAsync();
        var other = await CreateAccountAsync(store, ParentEmail, OtherSymbol);
        await store.LinkAccountsAsync(account.Id, other.Id, Now, CancellationToken.None);
        var session = new Sessions.AccessSession
        {
            Id = Guid.NewGuid(),
            SecretHash = HashOf("secret"),
            AccountId = account.Id,
            InstanceSymbol = Symbol,
            SecurityStamp = account.SecurityStamp,
            CreatedAt = Now,
            LastSeenAt = Now,
            ExpiresAt = Now.AddHours(8),
        };
        await store.CreateSessionAsync(session, CancellationToken.None);
        var device = await PairAsync(store, account);
        var ticket = Ticket(account, Now.AddMinutes(2));
        await store.CreatePairingTicketAsync(ticket, Now.AddMinutes(2), CancellationToken.None);
        var token = LinkToken() with { CreatedAt = Now.AddMinutes(3) };
        await store.RecordLinkRequestAsync(token, null, Now.AddMinutes(3), CancellationToken.None);
        var notice = NewMail(kind: MailKind.EmailChanged, createdAt: Now.AddMinutes(4));
        var closedAt = Now.AddMinutes(4);

        Assert.True(await store.CloseAccountAsync(account.Id, closedAt, DeviceRevocationReason.EmailChanged, notice, CancellationToken.None));

        var closed = await store.FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.Equal(AccountStatus.Closed, closed!.Status);
        Assert.Equal(closedAt, closed.ClosedAt);
        Assert.NotEqual(account.SecurityStamp, closed.SecurityStamp);
        Assert.Equal(account.Version + 1, closed.Version);
        Assert.Equal(closedAt, (await store.FindSessionAsync(session.Id, CancellationToken.None))?.RevokedAt);
        var revoked = await store.FindDeviceAsync(device.Id, CancellationToken.None);
        Assert.Equal((closedAt, DeviceRevocationReason.EmailChanged), (revoked!.RevokedAt!.Value, revoked.RevocationReason!.Value));
        Assert.Equal(closedAt, (await store.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None))?.ClosedAt);
        Assert.Equal(closedAt, (await store.FindLinkTokenAsync(token.TokenHash, CancellationToken.None))?.SupersededAt);
        Assert.Empty(await store.ListLinkedAccountsAsync(account.Id, CancellationToken.None));
        Assert.Empty(await store.ListLinkedAccountsAsync(other.Id, CancellationToken.None));
        Assert.Equal(notice.Id, (await store.ListAsync(ParentEmail, 1, CancellationToken.None))[0].Id);
        Assert.Equal(AccountStatus.Active, (await store.FindAccountByIdAsync(other.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task CloseAccountAsync_AlreadyClosedOrUnknown_FalseAndNothingWritten()
    {
        var (store, account) = await AccountAsync();
        Assert.True(await store.CloseAccountAsync(account.Id, Now.AddMinutes(1), DeviceRevocationReason.AccountClosed, null, CancellationToken.None));
        var once = await store.FindAccountByIdAsync(account.Id, CancellationToken.None);
        var mailBefore = (await store.ListAsync(null, 100, CancellationToken.None)).Count;

        Assert.False(await store.CloseAccountAsync(account.Id, Now.AddMinutes(2), DeviceRevocationReason.AccountClosed, NewMail(), CancellationToken.None));
        Assert.False(await store.CloseAccountAsync(Guid.NewGuid(), Now.AddMinutes(2), DeviceRevocationReason.AccountClosed, NewMail(), CancellationToken.None));

        var twice = await store.FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.Equal((once!.SecurityStamp, once.ClosedAt, once.Version), (twice!.SecurityStamp, twice.ClosedAt, twice.Version));
        Assert.Equal(mailBefore, (await store.ListAsync(null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task LinkAccountsAsync_Twice_LinkedBothWaysOnce()
    {
        var (store, account) = await AccountAsync();
        var other = await CreateAccountAsync(store, ParentEmail, OtherSymbol);

        await store.LinkAccountsAsync(account.Id, other.Id, Now, CancellationToken.None);
        await store.LinkAccountsAsync(other.Id, account.Id, Now.AddMinutes(1), CancellationToken.None);

        Assert.Equal([other.Id], await store.ListLinkedAccountsAsync(account.Id, CancellationToken.None));
        Assert.Equal([account.Id], await store.ListLinkedAccountsAsync(other.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UnlinkAccountsAsync_LinkedPair_RemovedBothWaysThenFalse()
    {
        var (store, account) = await AccountAsync();
        var other = await CreateAccountAsync(store, ParentEmail, OtherSymbol);
        await store.LinkAccountsAsync(account.Id, other.Id, Now, CancellationToken.None);

        Assert.True(await store.UnlinkAccountsAsync(other.Id, account.Id, CancellationToken.None));
        Assert.False(await store.UnlinkAccountsAsync(account.Id, other.Id, CancellationToken.None));

        Assert.Empty(await store.ListLinkedAccountsAsync(account.Id, CancellationToken.None));
        Assert.Empty(await store.ListLinkedAccountsAsync(other.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ListMaintenanceWindowsAsync_MixedWindows_OwnAndGlobalNotEndedOrderedByStart_R10()
    {
        var store = await _database.CreateStoreAsync();
        var global = Window(null, Now.AddHours(2)) with { ExpectedEndAt = Now.AddHours(3) };
        var own = Window(Symbol, Now);
        var othersWindow = Window(OtherSymbol, Now);
        var ended = Window(Symbol, Now.AddMinutes(-30)) with { EndedAt = Now };
        var endingLater = Window(Symbol, Now.AddHours(1)) with { EndedAt = Now.AddHours(5) };
        foreach (var window in new[] { global, own, othersWindow, ended, endingLater })
        {
            await store.AddMaintenanceWindowAsync(window, CancellationToken.None);
        }

        Assert.Equal([own, endingLater, global], await store.ListMaintenanceWindowsAsync(Symbol, Now, CancellationToken.None));
        Assert.Equal([global], await store.ListMaintenanceWindowsAsync(null, Now, CancellationToken.None));
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_OpenWindow_EndedOnceThenFalse_R10()
    {
        var store = await _database.CreateStoreAsync();
        var window = Window(Symbol, Now);
        await store.AddMaintenanceWindowAsync(window, CancellationToken.None);

        Assert.True(await store.EndMaintenanceWindowAsync(window.Id, Now.AddMinutes(20), CancellationToken.None));
        Assert.False(await store.EndMaintenanceWindowAsync(window.Id, Now.AddMinutes(30), CancellationToken.None));
        Assert.False(await store.EndMaintenanceWindowAsync(Guid.NewGuid(), Now, CancellationToken.None));

        Assert.Equal([window with { EndedAt = Now.AddMinutes(20) }], await store.ListMaintenanceWindowsAsync(Symbol, Now.AddMinutes(10), CancellationToken.None));
        Assert.Empty(await store.ListMaintenanceWindowsAsync(Symbol, Now.AddMinutes(20), CancellationToken.None));
    }

    private static MaintenanceWindow Window(string? symbol, DateTimeOffset startsAt) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = symbol,
        StartsAt = startsAt,
        MessagePolish = "Przerwa techniczna",
        MessageEnglish = "Technical break",
        CreatedBy = "admin@gminawulkanowo.pl",
    };

    private async Task<(SqliteAccessStore Store, Account Account)> AccountAsync()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        return (store, await CreateAccountAsync(store));
    }
}
