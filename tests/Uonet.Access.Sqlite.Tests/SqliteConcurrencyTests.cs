using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using static Uonet.Access.Specification.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// Each caller has a store instance of its own over the same file (as separate web workers would), so the only thing
// they share is the database: BEGIN IMMEDIATE and the conditional writes must keep the invariants on their own.
public sealed class SqliteConcurrencyTests : IDisposable
{
    private const int Parallelism = 32;

    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ConsumeLinkTokenAsync_32ParallelCallersOnOneToken_OneWinnerOneAccountOneMail_R3()
    {
        var stores = await StoresAsync();
        await SeedAsync(stores[0]);
        var token = LinkToken();
        await stores[0].RecordLinkRequestAsync(token, null, Now, null, CancellationToken.None);
        var attempts = stores.Select(s => (Store: s, Account: Account(), Mail: NewMail())).ToList();

        var results = await RunTogetherAsync(attempts.Select(a => (Func<Task<LinkTokenConsumption>>)(() =>
            a.Store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(5), a.Account, null, a.Mail, null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == LinkTokenConsumption.Consumed));
        Assert.Equal(Parallelism - 1, results.Count(r => r == LinkTokenConsumption.AlreadyUsed));
        var winner = attempts[Array.IndexOf(results, LinkTokenConsumption.Consumed)];
        Assert.Equal(winner.Account.Id, (await stores[0].FindAccountAsync(Symbol, ParentEmail, CancellationToken.None))?.Id);
        Assert.Equal(winner.Mail.Id, Assert.Single(await stores[0].ListAsync(null, 100, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task RecordAttemptAsync_32ParallelCallers_EveryAttemptCountedOnce()
    {
        var stores = await StoresAsync();
        var policy = new AttemptPolicy(100, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<AttemptState>>)(() =>
            s.RecordAttemptAsync("signin:gminawulkanowo:anna.kowalska@example.pl", Now, policy, null, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, Parallelism), results.Select(r => r.Count).Order());
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.Equal(
            new AttemptState(Parallelism, Now.AddMinutes(15), null),
            await stores[0].GetAttemptsAsync("signin:gminawulkanowo:anna.kowalska@example.pl", Now, CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_32ParallelCallersOverALimitOf5_Exactly5AcceptedThenLocked()
    {
        var stores = await StoresAsync();
        var policy = new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<AttemptState>>)(() =>
            s.RecordAttemptAsync("signin-client:203.0.113.7", Now, policy, null, CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r.Accepted));
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(Now.AddMinutes(5), r.LockedUntil));
    }

    [Fact]
    public async Task RecordWrongPinAsync_32ParallelWrongPins_OnlyThreeCountedAndTicketClosed_R7()
    {
        var stores = await StoresAsync();
        await SeedAsync(stores[0]);
        var account = await CreateAccountAsync(stores[0]);
        var ticket = Ticket(account);
        await stores[0].CreatePairingTicketAsync(ticket, Now, CancellationToken.None);

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<PairingTicket?>>)(() =>
            s.RecordWrongPinAsync(ticket.Id, Now.AddMinutes(1), CancellationToken.None))));

        // The three counted tries each see their own remaining count (2, 1, 0); the rest find the ticket dead at 0.
        Assert.Equal(1, results.Count(r => r!.RemainingTries == 2));
        Assert.Equal(1, results.Count(r => r!.RemainingTries == 1));
        Assert.Equal(Parallelism - 2, results.Count(r => r!.RemainingTries == 0));
        var stored = await stores[0].FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None);
        Assert.Equal(0, stored!.RemainingTries);
        Assert.Equal(Now.AddMinutes(1), stored.ClosedAt);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_32ParallelDevicesOnOneTicket_OneDeviceRegistered_R7()
    {
        var stores = await StoresAsync();
        await SeedAsync(stores[0]);
        var account = await CreateAccountAsync(stores[0]);
        var ticket = Ticket(account);
        await stores[0].CreatePairingTicketAsync(ticket, Now, CancellationToken.None);
        var devices = stores.Select(s => (Store: s, Device: Device(account))).ToList();

        var results = await RunTogetherAsync(devices.Select(d => (Func<Task<PairingConsumption>>)(() =>
            d.Store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(1), d.Device, NewMail(kind: MailKind.NewDevice), null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == PairingConsumption.Consumed));
        Assert.Equal(Parallelism - 1, results.Count(r => r == PairingConsumption.AlreadyUsed));
        var winner = devices[Array.IndexOf(results, PairingConsumption.Consumed)].Device;
        Assert.Equal(winner.Id, Assert.Single(await stores[0].ListDevicesAsync(account.Id, CancellationToken.None)).Id);
        Assert.Single(await stores[0].ListAsync(null, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);
    }

    [Fact]
    public async Task TryRecordSignatureAsync_32ParallelReplaysOfOneSignature_OneAccepted()
    {
        var stores = await StoresAsync();
        var deviceId = Guid.NewGuid();
        var signature = HashOf("sig1=:MEUCIQ...:");

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<bool>>)(() =>
            s.TryRecordSignatureAsync(deviceId, signature, Now, Now.AddMinutes(5), CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task ClaimDueAsync_EightDispatchersOfTheirOwn_NeverShareAMessage()
    {
        var stores = (await StoresAsync()).Take(8).ToList();
        for (var i = 0; i < 200; i++)
        {
            await stores[0].EnqueueAsync(NewMail($"rodzic{i:D3}@example.pl", createdAt: Now.AddSeconds(i)), CancellationToken.None);
        }

        var claims = await RunTogetherAsync(stores.Select(s => (Func<Task<List<Guid>>>)(async () =>
        {
            var mine = new List<Guid>();
            for (var round = 0; round < 50; round++)
            {
                var batch = await s.ClaimDueAsync(Now.AddHours(1), 7, Now.AddHours(2), CancellationToken.None);
                if (batch.Count == 0)
                {
                    break;
                }

                mine.AddRange(batch.Select(m => m.Id));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    private async Task<List<SqliteAccessStore>> StoresAsync()
    {
        await _database.CreateStoreAsync();
        return [.. Enumerable.Range(0, Parallelism).Select(_ => new SqliteAccessStore(_database.ConnectionString))];
    }
}
