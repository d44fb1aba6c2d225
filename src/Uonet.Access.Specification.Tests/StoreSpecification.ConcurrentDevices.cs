using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// The races of mobile access, account closure, links, maintenance and multi-record writes. As in the other
// concurrency tests, the calls start together on their own threads; only the store keeps the invariants.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task ConsumePairingTicketAsync_ParallelDevicesOnOneTicket_ExactlyOneRegisteredAndOneMail_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var now = Paired.AddMinutes(1);
        var attempts = Enumerable.Range(0, Parallelism).Select(i => (Device: NewDevice(account, now, name: $"Telefon {i}"), Mail: DeviceMail(account, now))).ToList();

        var results = await Fixtures.RunTogetherAsync(attempts.Select(a =>
            (Func<Task<PairingConsumption>>)(() => store.Devices.ConsumePairingTicketAsync(ticket.Id, now, a.Device, a.Mail, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == PairingConsumption.Consumed));
        Assert.Equal(Parallelism - 1, results.Count(r => r == PairingConsumption.AlreadyUsed));
        var winner = attempts[Array.IndexOf(results, PairingConsumption.Consumed)];
        AssertSameDevice(winner.Device, Assert.Single(await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None)));
        Assert.Equal(winner.Mail.Id, Assert.Single(await AllMailAsync(store), m => m.Kind == MailKind.NewDevice).Id);
        Assert.Equal(ticket with { ConsumedAt = now }, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task RecordWrongPinAsync_ParallelWrongPins_ExactlyThreeCountedAndTicketBurned_R7()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var ticket = await OpenTicketAsync(store, await CreateAccountAsync(store));
        var now = Paired.AddMinutes(1);

        var results = await Fixtures.RunTogetherAsync(Enumerable.Range(0, Parallelism).Select(_ =>
            (Func<Task<PairingTicket?>>)(() => store.Devices.RecordWrongPinAsync(ticket.Id, now, CancellationToken.None))));

        // Each counted try sees its own remaining count (2, 1, 0); every later one finds the ticket burned at 0.
        Assert.All(results, Assert.NotNull);
        Assert.Equal(1, results.Count(r => r!.RemainingTries == 2));
        Assert.Equal(1, results.Count(r => r!.RemainingTries == 1));
        Assert.Equal(Parallelism - 2, results.Count(r => r!.RemainingTries == 0));
        Assert.Equal(ticket with { RemainingTries = 0, ClosedAt = now }, await TicketAsync(store, ticket));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_RacingWrongPins_TicketEitherUsedOnceOrBurnedNeverBoth_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var ticket = await OpenTicketAsync(store, account);
        var now = Paired.AddMinutes(1);
        var devices = Enumerable.Range(0, Parallelism / 2).Select(i => NewDevice(account, now, name: $"Telefon {i}")).ToList();
        var calls = devices
            .Select(d => (Func<Task<PairingConsumption?>>)(async () => await store.Devices.ConsumePairingTicketAsync(ticket.Id, now, d, DeviceMail(account, now), CancellationToken.None)))
            .Concat(Enumerable.Range(0, Parallelism / 2).Select(_ => (Func<Task<PairingConsumption?>>)(async () =>
            {
                await store.Devices.RecordWrongPinAsync(ticket.Id, now, CancellationToken.None);
                return null;
            })));

        var results = await Fixtures.RunTogetherAsync(calls);

        var consumptions = results.OfType<PairingConsumption>().ToList();
        var stored = await TicketAsync(store, ticket);
        var registered = await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None);
        Assert.All(consumptions, c => Assert.Contains(c, new[] { PairingConsumption.Consumed, PairingConsumption.AlreadyUsed, PairingConsumption.Closed }));
        Assert.True(stored.ConsumedAt is null != stored.ClosedAt is null, $"used at {stored.ConsumedAt}, closed at {stored.ClosedAt}");
        Assert.InRange(stored.RemainingTries, 0, PinTries);
        if (stored.ConsumedAt is null)
        {
            Assert.Equal(0, stored.RemainingTries);
            Assert.DoesNotContain(PairingConsumption.Consumed, consumptions);
            Assert.Empty(registered);
        }
        else
        {
            Assert.Equal(1, consumptions.Count(c => c == PairingConsumption.Consumed));
            Assert.Single(registered);
        }

        Assert.Equal(registered.Count, (await AllMailAsync(store)).Count(m => m.Kind == MailKind.NewDevice));
    }

    [Fact]
    public async Task CreatePairingTicketAsync_ParallelTicketsForOneAccount_ExactlyOneLeftOpen_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var tickets = Enumerable.Range(0, Parallelism).Select(_ => NewTicket(account, Paired)).ToList();

        // The same user clicking "Zarejestruj urządzenie mobilne" in several tabs, served by several web nodes.
        await Fixtures.RunTogetherAsync(tickets.Select(t => (Func<Task<bool>>)(async () =>
        {
            await store.Devices.CreatePairingTicketAsync(t, Paired, CancellationToken.None);
            return true;
        })));

        var stored = new List<PairingTicket>();
        foreach (var ticket in tickets)
        {
            stored.Add(await TicketAsync(store, ticket));
        }

        var open = Assert.Single(stored, t => t.ClosedAt is null);
        Assert.All(stored.Where(t => t.Id != open.Id), t => Assert.Equal(Paired, t.ClosedAt));
    }

    [Fact]
    public async Task TryRecordSignatureAsync_ParallelReplaysOfOneSignature_ExactlyOneAccepted()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        var signature = TokenHashOf("sig1=:MEUCIQDx:");

        // One captured request, replayed at once against every web node.
        var results = await Fixtures.RunTogetherAsync(Enumerable.Range(0, Parallelism).Select(_ =>
            (Func<Task<bool>>)(() => store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired.AddMinutes(2), Paired.AddMinutes(7), CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task RevokeDeviceAsync_ParallelRevocations_ExactlyOneWinsAndItsTimeAndReasonKept_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        var reasons = Enum.GetValues<DeviceRevocationReason>();
        var attempts = Enumerable.Range(0, Parallelism).Select(i => (At: Paired.AddMinutes(10 + i), Reason: reasons[i % reasons.Length])).ToList();

        var results = await Fixtures.RunTogetherAsync(attempts.Select(a =>
            (Func<Task<bool>>)(() => store.Devices.RevokeDeviceAsync(device.Id, a.At, a.Reason, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
        var winner = attempts[Array.IndexOf(results, true)];
        var stored = await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None);
        Assert.Equal((winner.At, winner.Reason), (stored?.RevokedAt, stored?.RevocationReason));
    }

    [Fact]
    public async Task TouchDeviceAsync_ParallelTouchesInAnyOrder_EndsAtTheLatest()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));

        await Fixtures.RunTogetherAsync(Enumerable.Range(1, Parallelism).Select(i => (Func<Task<bool>>)(async () =>
        {
            await store.Devices.TouchDeviceAsync(device.Id, Paired.AddMinutes(i), CancellationToken.None);
            return true;
        })));

        Assert.Equal(Paired.AddMinutes(Parallelism), (await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None))?.LastSeenAt);
    }

    [Fact]
    public async Task CloseAccountAsync_ParallelClosures_ExactlyOneClosesWithOneNotice_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        var attempts = Enumerable.Range(0, Parallelism).Select(i => (At: Closure.AddSeconds(i), Notice: NewMail(kind: MailKind.EmailChanged, createdAt: Closure.AddSeconds(i)))).ToList();

        // Two secretaries confirm the same address change at once.
        var results = await Fixtures.RunTogetherAsync(attempts.Select(a =>
            (Func<Task<bool>>)(() => store.Credentials.CloseAccountAsync(account.Id, a.At, DeviceRevocationReason.EmailChanged, a.Notice, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
        var winner = attempts[Array.IndexOf(results, true)];
        var stored = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.Equal((AccountStatus.Closed, winner.At, account.Version + 1), (stored?.Status, stored?.ClosedAt, stored?.Version));
        Assert.Equal(winner.Notice.Id, Assert.Single(await AllMailAsync(store), m => m.Kind == MailKind.EmailChanged).Id);
    }

    [Fact]
    public async Task CloseAccountAsync_RacingPairings_NoDeviceOrTicketOutlivesTheAccount_R7_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var pairs = new List<(Account Account, PairingTicket Ticket, MobileDevice Device)>();
        for (var i = 0; i < Parallelism / 2; i++)
        {
            var account = await CreateAccountAsync(store, $"rodzic{i:D2}@example.pl");
            pairs.Add((account, await OpenTicketAsync(store, account, Closure.AddMinutes(-1)), NewDevice(account, Closure)));
        }

        // Each account's phone registers just as its address is changed away: whichever comes first, the phone must end
        // up unregistered, with the reason that lets the app offer re-pairing.
        var calls = pairs.SelectMany(p => new[]
        {
            (Func<Task<string>>)(async () => (await store.Devices.ConsumePairingTicketAsync(p.Ticket.Id, Closure, p.Device, DeviceMail(p.Account, Closure), CancellationToken.None)).ToString()),
            async () => (await store.Credentials.CloseAccountAsync(p.Account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None)).ToString(),
        });
        var results = await Fixtures.RunTogetherAsync(calls);

        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(bool.TrueString, r));
        foreach (var (account, ticket, device) in pairs)
        {
            Assert.Equal(AccountStatus.Closed, (await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None))?.Status);
            var stored = await TicketAsync(store, ticket);
            Assert.True(stored.ConsumedAt is not null || stored.ClosedAt is not null);
            Assert.All(await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None), d =>
                Assert.Equal((device.Id, Closure, DeviceRevocationReason.EmailChanged), (d.Id, d.RevokedAt, d.RevocationReason)));
        }
    }

    [Fact]
    public async Task LinkAccountsAsync_ParallelLinksOfOnePairEitherWay_LinkedOnce_R6()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();

        await Fixtures.RunTogetherAsync(Enumerable.Range(0, Parallelism).Select(i => (Func<Task<bool>>)(async () =>
        {
            var (from, to) = i % 2 == 0 ? (here.Id, there.Id) : (there.Id, here.Id);
            await store.Credentials.LinkAccountsAsync(from, to, Requested.AddHours(1), CancellationToken.None);
            return true;
        })));

        await AssertLinksAsync(store, here, there);
        await AssertLinksAsync(store, there, here);
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_ParallelEnds_ExactlyOneEndsAndItsTimeKept_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var window = NewWindow(Symbol, Paired);
        await store.Maintenance.AddMaintenanceWindowAsync(window, CancellationToken.None);
        var times = Enumerable.Range(0, Parallelism).Select(i => Paired.AddMinutes(30 + i)).ToList();

        var results = await Fixtures.RunTogetherAsync(times.Select(at =>
            (Func<Task<bool>>)(() => store.Maintenance.EndMaintenanceWindowAsync(window.Id, at, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
        var winner = times[Array.IndexOf(results, true)];
        Assert.Equal([window with { EndedAt = winner }], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStudentsAsync_ParallelBatchesOverTheSameRecordsInEitherOrder_ExactlyOneWins_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var ola = await InsertAsync(store, Student("Ola", unitCode: Sp2, pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail)]));
        var batches = Enumerable.Range(0, Parallelism)
            .Select(i =>
            {
                var email = $"anna.nowa+{i:D2}@example.pl";
                return i % 2 == 0 ? new[] { GuardianMoved(jan, email), GuardianMoved(ola, email) } : [GuardianMoved(ola, email), GuardianMoved(jan, email)];
            })
            .ToList();

        // Opposite orders are how a store that locks row by row deadlocks: it must still answer, not throw.
        var results = await Fixtures.RunTogetherAsync(batches.Select(b =>
            (Func<Task<StoreWriteResult>>)(() => store.Records.UpdateStudentsAsync(b, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == StoreWriteResult.Success));
        Assert.Equal(Parallelism - 1, results.Count(r => r == StoreWriteResult.Conflict));
        var winner = batches[Array.IndexOf(results, StoreWriteResult.Success)];
        foreach (var update in winner)
        {
            AssertSameRecord(update.Record, await store.Records.FindStudentAsync(Symbol, update.Record.Id, CancellationToken.None));
        }

        Assert.Equal(IdsOf([jan, ola]), IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, winner[0].Record.Guardians[0].Email!, CancellationToken.None)));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Equal(4, (await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }
}
