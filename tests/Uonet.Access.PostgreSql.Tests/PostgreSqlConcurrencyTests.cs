using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

// Each caller has a store of its own with a connection pool of its own (as separate web nodes would), so the only thing
// they share is the database: the conditional statements, row locks and SKIP LOCKED must keep the invariants alone.
public sealed class PostgreSqlConcurrencyTests : IDisposable
{
    private const int Parallelism = 32;

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task ConsumeLinkTokenAsync_32NodesOnOneToken_OneWinnerOneAccountOneMail_R3()
    {
        var stores = await NodesAsync();
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
    public async Task RecordLinkRequestAsync_32NodesForOneAddress_ExactlyOneTokenLeftOpen_R4()
    {
        // Two "Przywróć dostęp" clicks land on different nodes: the later must supersede the earlier, never both stay open.
        var stores = await NodesAsync();
        await SeedAsync(stores[0]);
        var tokens = stores.Select(_ => LinkToken()).ToList();

        await RunTogetherAsync(stores.Select((s, i) => (Func<Task<bool>>)(async () =>
        {
            await s.RecordLinkRequestAsync(tokens[i], null, Now.AddSeconds(i), null, CancellationToken.None);
            return true;
        })));

        var found = await Task.WhenAll(tokens.Select(t => stores[0].FindLinkTokenAsync(t.TokenHash, CancellationToken.None)));
        Assert.Single(found, t => t!.SupersededAt is null);
        Assert.Equal(
            1,
            (await _schema.QueryAsync<long>("SELECT count(*) FROM {schema}.link_tokens WHERE consumed_at IS NULL AND superseded_at IS NULL;")).Single());
    }

    [Fact]
    public async Task RecordAttemptAsync_32Nodes_EveryAttemptCountedOnce()
    {
        var stores = await NodesAsync();
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
    public async Task RecordAttemptAsync_32NodesOverALimitOf5_Exactly5AcceptedThenLocked()
    {
        var stores = await NodesAsync();
        var policy = new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<AttemptState>>)(() =>
            s.RecordAttemptAsync("signin-client:203.0.113.7", Now, policy, null, CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r.Accepted));
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(Now.AddMinutes(5), r.LockedUntil));
    }

    [Fact]
    public async Task RecordWrongPinAsync_32NodesWithWrongPins_OnlyThreeCountedAndTicketClosed_R7()
    {
        var stores = await NodesAsync();
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
        Assert.Equal((0, Now.AddMinutes(1)), (stored!.RemainingTries, stored.ClosedAt));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_32DevicesOnOneTicket_OneDeviceRegistered_R7()
    {
        var stores = await NodesAsync();
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
    public async Task UpdateAccountAsync_32NodesUsingOneTotpStep_ExactlyOneAccepted()
    {
        // A TOTP code is accepted once (RFC 6238 §5.2): every node that matched it writes the same step from the same
        // version, and only the version check lets one through.
        var stores = await NodesAsync();
        await SeedAsync(stores[0]);
        var account = await CreateAccountAsync(stores[0]);
        var step = account with { TotpSecret = [1, 2, 3], TotpLastStep = 59_000_001, Version = account.Version + 1 };

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<StoreWriteResult>>)(() =>
            s.UpdateAccountAsync(step, account.Version, null, null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == StoreWriteResult.Success));
        Assert.Equal(Parallelism - 1, results.Count(r => r == StoreWriteResult.Conflict));
        var stored = await stores[0].FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.Equal((account.Version + 1, (long?)59_000_001), (stored!.Version, stored.TotpLastStep));
    }

    [Fact]
    public async Task TryRecordSignatureAsync_32NodesReplayingOneSignature_OneAccepted()
    {
        var stores = await NodesAsync();
        var deviceId = Guid.NewGuid();
        var signature = HashOf("sig1=:MEUCIQ...:");

        var results = await RunTogetherAsync(stores.Select(s => (Func<Task<bool>>)(() =>
            s.TryRecordSignatureAsync(deviceId, signature, Now, Now.AddMinutes(5), CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task ClaimDueAsync_EightDispatchersOfTheirOwn_NeverShareAMessageAndClaimAll()
    {
        var stores = (await NodesAsync()).Take(8).ToList();
        for (var i = 0; i < 200; i++)
        {
            await stores[0].EnqueueAsync(NewMail($"rodzic{i:D3}@example.pl", createdAt: Now.AddSeconds(i)), CancellationToken.None);
        }

        var claims = await RunTogetherAsync(stores.Select(s => (Func<Task<List<Guid>>>)(async () =>
        {
            var mine = new List<Guid>();
            while (await s.ClaimDueAsync(Now.AddHours(1), 7, Now.AddHours(2), CancellationToken.None) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(m => m.Id));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_RestoreRacingTheClosureOfItsAccount_WaitsForItInsteadOfDeadlocking_R4_R9()
    {
        // The closure holds the account and is about to supersede the address's open link; a restore of the same account
        // arrives on another node. Taking the token first and the account second would close a circle of waits.
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);
        var account = await CreateAccountAsync(store);
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);
        var token = LinkToken();
        await store.RecordLinkRequestAsync(token, null, Now.AddMinutes(1), null, CancellationToken.None);
        await using var ticketHolder = await ServerLocks.HoldAsync(_schema, "SELECT 1 FROM {schema}.pairing_tickets WHERE id = @id FOR UPDATE;", ("id", ticket.Id));

        var closing = _schema.OwnStore().CloseAccountAsync(account.Id, Now.AddMinutes(2), DeviceRevocationReason.EmailChanged, null, null, CancellationToken.None);
        var closer = await ServerLocks.WaitForWaiterAsync(ticketHolder.ProcessID);
        var restoring = _schema.OwnStore().ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(2), account with { Version = 2, PasswordHash = "$argon2id$v=19$nowe" }, 1, NewMail(), null, CancellationToken.None);
        await ServerLocks.WaitForWaiterAsync(closer);
        await ticketHolder.CloseAsync();

        Assert.True(await closing);
        Assert.Equal(LinkTokenConsumption.Superseded, await restoring);
        Assert.Equal(AccountStatus.Closed, (await store.FindAccountByIdAsync(account.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task LinkAccountsAsync_LinkedFromBothSidesAtOnce_QueuesInsteadOfDeadlocking_R6()
    {
        // Another node linking the same pair from the other side has written its first row and not yet committed.
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);
        var here = await CreateAccountAsync(store);
        var there = await CreateAccountAsync(store, symbol: OtherSymbol);
        var (low, high) = here.Id.CompareTo(there.Id) < 0 ? (here.Id, there.Id) : (there.Id, here.Id);
        const string Link = "INSERT INTO {schema}.account_links VALUES (@a, @b, now());";
        await using var otherNode = await ServerLocks.HoldAsync(_schema, Link, ("a", low), ("b", high));

        var linking = store.LinkAccountsAsync(high, low, Now, CancellationToken.None);
        await ServerLocks.WaitForWaiterAsync(otherNode.ProcessID);
        await using (var secondRow = new NpgsqlCommand(_schema.Named(Link), otherNode))
        {
            secondRow.Parameters.AddWithValue("a", high);
            secondRow.Parameters.AddWithValue("b", low);
            await secondRow.ExecuteNonQueryAsync();
        }

        await otherNode.CloseAsync();
        await linking;

        Assert.Equal([there.Id], await store.ListLinkedAccountsAsync(here.Id, CancellationToken.None));
        Assert.Equal([here.Id], await store.ListLinkedAccountsAsync(there.Id, CancellationToken.None));
    }

    private async Task<List<PostgreSqlAccessStore>> NodesAsync()
    {
        await _schema.CreateStoreAsync();
        return [.. Enumerable.Range(0, Parallelism).Select(_ => _schema.OwnStore())];
    }
}
