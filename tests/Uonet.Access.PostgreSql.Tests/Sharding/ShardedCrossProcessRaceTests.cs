using System.Globalization;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Sharding;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

// Two OS processes, each with a router of its own over the same two clusters (RaceWorker in shard-map mode), race as two
// web nodes would: single use, counters and outbox claims must hold through the router as on one database.
public sealed class ShardedCrossProcessRaceTests : IDisposable
{
    private const int CallersPerProcess = 8;

    private static CancellationToken None => CancellationToken.None;

    private readonly ShardedSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task ConsumeLinkTokenAsync_TwoProcessesOnATokenOfTheSecondCluster_ExactlyOneConsumes_R3()
    {
        var router = await _schema.CreateRouterAsync();
        await SeedAsync(router);
        var token = LinkToken(ParentEmail, OtherSymbol);
        await ((ICredentialStore)router).RecordLinkRequestAsync(token, null, Now, null, None);

        var results = await RaceAsync("link-token", Now.AddMinutes(5), token.TokenHash);

        Assert.Equal(1, results.Count(r => r == $"result {LinkTokenConsumption.Consumed}"));
        Assert.Equal(2 * CallersPerProcess - 1, results.Count(r => r == $"result {LinkTokenConsumption.AlreadyUsed}"));
        Assert.Equal([1L], await _schema.SecondAsync<long>("SELECT count(*) FROM {schema}.accounts;"));
        Assert.Equal([0L], await _schema.FirstAsync<long>("SELECT count(*) FROM {schema}.accounts;"));
        Assert.Single(await ((IOutboxStore)router).ListAsync(null, 100, None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_TwoProcessesOnATicketOfTheSecondCluster_ExactlyOneDevice_R7()
    {
        var router = await _schema.CreateRouterAsync();
        await SeedAsync(router);
        var account = await CreateAccountAsync(router, ParentEmail, OtherSymbol);
        var ticket = Ticket(account);
        await ((IDeviceStore)router).CreatePairingTicketAsync(ticket, Now, None);

        var results = await RaceAsync("pairing", Now.AddMinutes(1), ticket.TokenHash);

        Assert.Equal(1, results.Count(r => r == $"result {PairingConsumption.Consumed}"));
        Assert.Equal(2 * CallersPerProcess - 1, results.Count(r => r == $"result {PairingConsumption.AlreadyUsed}"));
        Assert.Single(await ((IDeviceStore)router).ListDevicesAsync(account.Id, None));
        Assert.Equal([1L], await _schema.SecondAsync<long>("SELECT count(*) FROM {schema}.devices;"));
    }

    [Fact]
    public async Task RecordAttemptAsync_TwoProcessesOnAnAddressOfTheSecondCluster_EveryAttemptCountedOnce()
    {
        var router = await _schema.CreateRouterAsync();
        var key = $"signin:address:{OtherSymbol}:{ParentEmail}";

        var results = await RaceAsync("attempts", Now, key);

        Assert.Equal(Enumerable.Range(1, 2 * CallersPerProcess), results.Select(r => int.Parse(r["result ".Length..], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(2 * CallersPerProcess, (await ((ICredentialStore)router).GetAttemptsAsync(key, Now, None)).Count);
        Assert.Equal([key], await _schema.SecondAsync<string>("SELECT key FROM {schema}.attempts;"));
        Assert.Empty(await _schema.FirstAsync<string>("SELECT key FROM {schema}.attempts;"));
    }

    [Fact]
    public async Task ClaimDueAsync_TwoDispatcherProcessesOverBothClusters_NeverShareAMessageAndDeliverAll()
    {
        var router = await _schema.CreateRouterAsync();
        for (var i = 0; i < 300; i++)
        {
            var mail = NewMail($"rodzic{i:D3}@example.pl", createdAt: Now.AddSeconds(i)) with { InstanceSymbol = i % 2 == 0 ? Symbol : OtherSymbol };
            await ((IOutboxStore)router).EnqueueAsync(mail, None);
        }

        var claims = await RaceAsync("outbox", Now.AddHours(1), "");

        Assert.Equal(300, claims.Count);
        Assert.Equal(300, claims.Distinct().Count());
        Assert.Equal([150L], await _schema.SecondAsync<long>("SELECT count(*) FROM {schema}.outbox WHERE sent_at IS NOT NULL;"));
        Assert.All(await ((IOutboxStore)router).ListAsync(null, 1000, None), m => Assert.Equal((1, Now.AddHours(1)), (m.Attempts, m.SentAt)));
    }

    private static async Task SeedAsync(PostgreSqlShardRouter router)
    {
        await Fixtures.SeedAsync(router);
        Assert.Equal(StoreWriteResult.Success, await ((ISchoolDirectoryStore)router).AddUnitAsync(new Uonet.Access.Records.SchoolUnit(OtherSymbol, "LO1", "Liceum", false), None));
    }

    private async Task<List<string>> RaceAsync(string mode, DateTimeOffset now, string target)
    {
        var map = _schema.Options();
        var shards = string.Join('|', ["shards", map.DefaultConnectionString!, .. map.Instances.SelectMany(i => new[] { i.Symbol!, i.ConnectionString! })]);
        using var first = await RaceWorkers.StartAsync(mode, _schema.Name, now, CallersPerProcess, target, shards);
        using var second = await RaceWorkers.StartAsync(mode, _schema.Name, now, CallersPerProcess, target, shards);
        first.Go();
        second.Go();
        var lines = await Task.WhenAll(first.FinishAsync(), second.FinishAsync());
        return [.. lines.SelectMany(l => l)];
    }
}
