using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;
using Uonet.Access.Mail;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.EntityFrameworkCore.Tests;

// Two OS processes (two copies of the EF Core RaceWorker, each with its own EF Core store, context pool and connection
// pool, several callers each) race on one PostgreSQL database, as two web nodes would: nothing in .NET is shared
// between them, so single use rests on the store's conditional writes in the database.
[Trait("Category", "PostgreSql")]
public sealed class CrossProcessRaceTests : IAsyncLifetime
{
    private const int CallersPerProcess = 8;

    private PostgreSqlTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgreSqlTestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_TwoProcessesOnOneToken_ExactlyOneConsumesOneAccountOneMail_R3_R4()
    {
        var store = _database.Store;
        await SeedAsync(store);
        var token = LinkToken();
        await store.RecordLinkRequestAsync(token, null, Now, null, CancellationToken.None);

        var results = await RaceAsync("link-token", Now.AddMinutes(5), token.TokenHash);

        Assert.Equal(1, results.Count(r => r == $"result {LinkTokenConsumption.Consumed}"));
        Assert.Equal(2 * CallersPerProcess - 1, results.Count(r => r == $"result {LinkTokenConsumption.AlreadyUsed}"));
        Assert.NotNull(await store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Single(await store.ListAsync(null, 100, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_TwoProcessesOnOneTicket_ExactlyOneDeviceRegistered_R7()
    {
        var store = _database.Store;
        await SeedAsync(store);
        var account = await CreateAccountAsync(store);
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);

        var results = await RaceAsync("pairing", Now.AddMinutes(1), ticket.TokenHash);

        Assert.Equal(1, results.Count(r => r == $"result {PairingConsumption.Consumed}"));
        Assert.Equal(2 * CallersPerProcess - 1, results.Count(r => r == $"result {PairingConsumption.AlreadyUsed}"));
        Assert.Single(await store.ListDevicesAsync(account.Id, CancellationToken.None));
        Assert.Single(await store.ListAsync(null, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);
    }

    /// <summary>Starts two workers, lets both go at once, and returns every line their callers printed.</summary>
    private async Task<List<string>> RaceAsync(string mode, DateTimeOffset now, string target)
    {
        using var first = await RaceWorkers.StartAsync(mode, _database.ConnectionString, now, CallersPerProcess, target);
        using var second = await RaceWorkers.StartAsync(mode, _database.ConnectionString, now, CallersPerProcess, target);
        first.Go();
        second.Go();
        var lines = await Task.WhenAll(first.FinishAsync(), second.FinishAsync());
        return [.. lines.SelectMany(l => l)];
    }
}
