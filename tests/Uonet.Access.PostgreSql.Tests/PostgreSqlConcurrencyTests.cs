using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

// The races between nodes that every store must win (32 nodes on one token, ticket, counter or outbox) are in the
// specification suite (StoreSpecification.Nodes, run here with a pool per node); these are the waits only PostgreSQL's
// row locks can turn into deadlocks.
public sealed class PostgreSqlConcurrencyTests : IDisposable
{
    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

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
}
