using System.Globalization;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

// Two OS processes (two copies of the RaceWorker program, each with its own connection pool and several callers) race on
// one database, as two web nodes would: nothing in .NET is shared between them, so every invariant rests on PostgreSQL.
public sealed class CrossProcessRaceTests : IDisposable
{
    private const int CallersPerProcess = 8;

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task ConsumeLinkTokenAsync_TwoProcessesOnOneToken_ExactlyOneConsumesOneAccountOneMail_R3()
    {
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);
        var token = LinkToken();
        await store.RecordLinkRequestAsync(token, null, Now, null, CancellationToken.None);

        var results = await RaceAsync("link-token", Now.AddMinutes(5), token.TokenHash);

        Assert.Equal(1, results.Count(r => r == $"result {LinkTokenConsumption.Consumed}"));
        Assert.Equal(2 * CallersPerProcess - 1, results.Count(r => r == $"result {LinkTokenConsumption.AlreadyUsed}"));
        Assert.NotNull(await store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Single(await store.ListAsync(null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_TwoProcessesOnOneTicket_ExactlyOneDeviceRegistered_R7()
    {
        var store = await _schema.CreateStoreAsync();
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

    [Fact]
    public async Task RecordAttemptAsync_TwoProcessesOnOneKey_EveryAttemptCountedExactlyOnce()
    {
        var store = await _schema.CreateStoreAsync();

        var results = await RaceAsync("attempts", Now, "signin:gminawulkanowo:anna.kowalska@example.pl");

        // Each attempt saw its own count: 1 … 16, none twice, none lost.
        Assert.Equal(Enumerable.Range(1, 2 * CallersPerProcess), results.Select(r => int.Parse(r["result ".Length..], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(2 * CallersPerProcess, (await store.GetAttemptsAsync("signin:gminawulkanowo:anna.kowalska@example.pl", Now, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ClaimDueAsync_TwoDispatcherProcesses_NeverClaimTheSameMessageAndDeliverAll()
    {
        var store = await _schema.CreateStoreAsync();
        for (var i = 0; i < 300; i++)
        {
            await store.EnqueueAsync(NewMail($"rodzic{i:D3}@example.pl", createdAt: Now.AddSeconds(i)), CancellationToken.None);
        }

        var claims = await RaceAsync("outbox", Now.AddHours(1), "");

        Assert.Equal(300, claims.Count);
        Assert.Equal(300, claims.Distinct().Count());
        Assert.All(await store.ListAsync(null, 1000, CancellationToken.None), m => Assert.Equal((1, Now.AddHours(1)), (m.Attempts, m.SentAt)));
    }

    /// <summary>Starts two workers, lets both go at once, and returns every line their callers printed.</summary>
    private async Task<List<string>> RaceAsync(string mode, DateTimeOffset now, string target)
    {
        using var first = await RaceWorkers.StartAsync(mode, _schema.Name, now, CallersPerProcess, target);
        using var second = await RaceWorkers.StartAsync(mode, _schema.Name, now, CallersPerProcess, target);
        first.Go();
        second.Go();
        var lines = await Task.WhenAll(first.FinishAsync(), second.FinishAsync());
        return [.. lines.SelectMany(l => l)];
    }
}
