using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Pairing tickets (R7): one open ticket per account, a PIN with three tries, single use, a short life. The workflow
// only reads a ticket to answer the user; every decision that matters is the store's conditional write.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task CreatePairingTicketAsync_NewTicket_FindableByTokenHashWithEveryField_R7()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var ticket = NewTicket(await CreateAccountAsync(store));

        await store.Devices.CreatePairingTicketAsync(ticket, Paired, CancellationToken.None);

        Assert.Equal(ticket, await store.Devices.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task FindPairingTicketAsync_UnknownHash_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await OpenTicketAsync(store, await CreateAccountAsync(store));

        Assert.Null(await store.Devices.FindPairingTicketAsync(TokenHashOf("ABCDEFGH"), CancellationToken.None));
    }

    [Fact]
    public async Task CreatePairingTicketAsync_SecondTicketOfAccount_ClosesTheOpenOneAtNow_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var first = await OpenTicketAsync(store, account);
        var second = NewTicket(account, Paired.AddMinutes(2));

        await store.Devices.CreatePairingTicketAsync(second, Paired.AddMinutes(2), CancellationToken.None);

        Assert.Equal(first with { ClosedAt = Paired.AddMinutes(2) }, await TicketAsync(store, first));
        Assert.Equal(second, await TicketAsync(store, second));
        Assert.Equal(PairingConsumption.Closed, await store.Devices.ConsumePairingTicketAsync(first.Id, Paired.AddMinutes(3), NewDevice(account), DeviceMail(account), CancellationToken.None));
    }

    [Fact]
    public async Task CreatePairingTicketAsync_TicketsOfOtherAccounts_StayOpen_R6()
    {
        var (store, account) = await StoreWithAccountAsync();
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var sameAddressElsewhere = await CreateAccountAsync(store, ParentEmail, OtherSymbol);
        var neighboursTicket = await OpenTicketAsync(store, neighbour);
        var elsewhereTicket = await OpenTicketAsync(store, sameAddressElsewhere);

        await OpenTicketAsync(store, account, Paired.AddMinutes(1));

        Assert.Equal(neighboursTicket, await TicketAsync(store, neighboursTicket));
        Assert.Equal(elsewhereTicket, await TicketAsync(store, elsewhereTicket));
    }

    [Fact]
    public async Task CreatePairingTicketAsync_UsedAndClosedTickets_KeepTheirState()
    {
        var (store, account) = await StoreWithAccountAsync();
        var used = await OpenTicketAsync(store, account);
        await UseTicketAsync(store, account, used, Paired.AddMinutes(1));
        var closed = await OpenTicketAsync(store, account, Paired.AddMinutes(2));
        await OpenTicketAsync(store, account, Paired.AddMinutes(3));

        await OpenTicketAsync(store, account, Paired.AddMinutes(4));

        Assert.Equal(used with { ConsumedAt = Paired.AddMinutes(1) }, await TicketAsync(store, used));
        Assert.Equal(closed with { ClosedAt = Paired.AddMinutes(3) }, await TicketAsync(store, closed));
    }

    [Fact]
    public async Task FindPairingTicketAsync_TokenCameRoundAgain_FindsTheNewestTicket()
    {
        var (store, account) = await StoreWithAccountAsync();
        var old = await OpenTicketAsync(store, account);

        // Eight characters are short: days later, another ticket may draw the same token. It must be the one found.
        var again = NewTicket(await CreateAccountAsync(store, OtherParentEmail), Paired.AddDays(3)) with { TokenHash = old.TokenHash };
        await store.Devices.CreatePairingTicketAsync(again, Paired.AddDays(3), CancellationToken.None);

        Assert.Equal(again, await store.Devices.FindPairingTicketAsync(old.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task RecordWrongPinAsync_ThreeWrongPins_CountsDownThenBurnsTheTicket_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);

        var first = await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(1), CancellationToken.None);
        var second = await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(2), CancellationToken.None);
        var third = await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(3), CancellationToken.None);

        Assert.Equal(ticket with { RemainingTries = 2 }, first);
        Assert.Equal(ticket with { RemainingTries = 1 }, second);
        Assert.Equal(ticket with { RemainingTries = 0, ClosedAt = Paired.AddMinutes(3) }, third);
        Assert.Equal(third, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task RecordWrongPinAsync_BurnedTicket_NotCountedFurtherAndNeverUsable_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        for (var i = 1; i <= PinTries; i++)
        {
            await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(i), CancellationToken.None);
        }

        var burned = await TicketAsync(store, ticket);
        var mailBefore = await AllMailAsync(store);

        var fourth = await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(5), CancellationToken.None);
        var device = NewDevice(account, Paired.AddMinutes(6));
        var consumption = await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(6), device, DeviceMail(account), CancellationToken.None);

        Assert.Equal(burned, fourth);
        Assert.Equal(PairingConsumption.Closed, consumption);
        Assert.Equal(burned, await TicketAsync(store, ticket));
        Assert.Null(await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task RecordWrongPinAsync_AtExpiry_NotCounted()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var ticket = await OpenTicketAsync(store, await CreateAccountAsync(store));

        var counted = await store.Devices.RecordWrongPinAsync(ticket.Id, ticket.ExpiresAt, CancellationToken.None);

        Assert.Equal(ticket, counted);
        Assert.Equal(ticket, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task RecordWrongPinAsync_UsedTicket_NotCountedAndStaysUsed()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        await UseTicketAsync(store, account, ticket, Paired.AddMinutes(1));
        var used = ticket with { ConsumedAt = Paired.AddMinutes(1) };

        var counted = await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(2), CancellationToken.None);

        Assert.Equal(used, counted);
        Assert.Equal(used, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task RecordWrongPinAsync_TicketClosedByNewerOne_NotCounted()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        await OpenTicketAsync(store, account, Paired.AddMinutes(1));
        var closed = ticket with { ClosedAt = Paired.AddMinutes(1) };

        var counted = await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(2), CancellationToken.None);

        Assert.Equal(closed, counted);
        Assert.Equal(closed, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task RecordWrongPinAsync_UnknownTicket_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.Devices.RecordWrongPinAsync(Guid.NewGuid(), Paired, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_OpenTicket_TicketUsedDeviceStoredWithEveryFieldAndMailQueued_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var device = NewDevice(account, Paired.AddMinutes(1));
        var mail = DeviceMail(account, Paired.AddMinutes(1));

        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(1), device, mail, CancellationToken.None);

        Assert.Equal(PairingConsumption.Consumed, result);
        Assert.Equal(ticket with { ConsumedAt = Paired.AddMinutes(1) }, await TicketAsync(store, ticket));
        AssertSameDevice(device, await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        AssertSameMail(mail, Assert.Single(await store.Outbox.ListAsync(ParentEmail, 10, CancellationToken.None), m => m.Kind == MailKind.NewDevice));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_AfterWrongPinsWithTriesLeft_ConsumedAndTriesKept_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(1), CancellationToken.None);
        await store.Devices.RecordWrongPinAsync(ticket.Id, Paired.AddMinutes(2), CancellationToken.None);

        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(3), NewDevice(account), DeviceMail(account), CancellationToken.None);

        Assert.Equal(PairingConsumption.Consumed, result);
        Assert.Equal(ticket with { RemainingTries = 1, ConsumedAt = Paired.AddMinutes(3) }, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_OneSecondBeforeExpiry_Consumed()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);

        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, ticket.ExpiresAt.AddSeconds(-1), NewDevice(account), DeviceMail(account), CancellationToken.None);

        Assert.Equal(PairingConsumption.Consumed, result);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_UsedTicket_AlreadyUsedAndNothingWritten_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var first = await UseTicketAsync(store, account, ticket, Paired.AddMinutes(1));
        var mailBefore = await AllMailAsync(store);

        // A photo of the QR code and PIN, scanned by a second phone.
        var second = NewDevice(account, Paired.AddMinutes(2), name: "Telefon obcy");
        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(2), second, DeviceMail(account, Paired.AddMinutes(2)), CancellationToken.None);

        Assert.Equal(PairingConsumption.AlreadyUsed, result);
        Assert.Equal(ticket with { ConsumedAt = Paired.AddMinutes(1) }, await TicketAsync(store, ticket));
        Assert.Equal([first.Id], (await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None)).Select(d => d.Id));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_TicketClosedByNewerOne_ClosedAndNothingWritten_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var newer = await OpenTicketAsync(store, account, Paired.AddMinutes(1));
        var mailBefore = await AllMailAsync(store);
        var device = NewDevice(account, Paired.AddMinutes(2));

        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(2), device, DeviceMail(account), CancellationToken.None);

        Assert.Equal(PairingConsumption.Closed, result);
        Assert.Equal(ticket with { ClosedAt = Paired.AddMinutes(1) }, await TicketAsync(store, ticket));
        Assert.Equal(newer, await TicketAsync(store, newer));
        Assert.Null(await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_AtExpiry_ExpiredAndNothingWritten()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var mailBefore = await AllMailAsync(store);
        var device = NewDevice(account, ticket.ExpiresAt);

        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, ticket.ExpiresAt, device, DeviceMail(account), CancellationToken.None);

        Assert.Equal(PairingConsumption.Expired, result);
        Assert.Equal(ticket, await TicketAsync(store, ticket));
        Assert.Null(await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_UnknownTicket_NotFoundAndNothingWritten()
    {
        var (store, account) = await StoreWithAccountAsync();
        var mailBefore = await AllMailAsync(store);
        var device = NewDevice(account);

        var result = await store.Devices.ConsumePairingTicketAsync(Guid.NewGuid(), Paired, device, DeviceMail(account), CancellationToken.None);

        Assert.Equal(PairingConsumption.NotFound, result);
        Assert.Null(await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_UsedOrClosedTicketPastExpiry_AnswersUsedOrClosedBeforeExpired()
    {
        var (store, account) = await StoreWithAccountAsync();
        var used = await OpenTicketAsync(store, account);
        await UseTicketAsync(store, account, used, Paired.AddMinutes(1));
        var closed = await OpenTicketAsync(store, account, Paired.AddMinutes(2));
        await OpenTicketAsync(store, account, Paired.AddMinutes(3));
        var late = Paired.AddHours(2);

        // The workflow tells the user the same thing the store answers: "already used" beats "expired".
        var usedResult = await store.Devices.ConsumePairingTicketAsync(used.Id, late, NewDevice(account, late), DeviceMail(account, late), CancellationToken.None);
        var closedResult = await store.Devices.ConsumePairingTicketAsync(closed.Id, late, NewDevice(account, late), DeviceMail(account, late), CancellationToken.None);

        Assert.Equal(PairingConsumption.AlreadyUsed, usedResult);
        Assert.Equal(PairingConsumption.Closed, closedResult);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_CallerChangesItsKeyAfterWriting_StoredKeyUnchanged()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var device = NewDevice(account);
        var expected = device with { PublicKey = [.. device.PublicKey] };
        Assert.Equal(PairingConsumption.Consumed, await store.Devices.ConsumePairingTicketAsync(ticket.Id, Paired.AddMinutes(1), device, DeviceMail(account), CancellationToken.None));

        Array.Clear(device.PublicKey);

        AssertSameDevice(expected, await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
    }
}
