using System.Globalization;
using Uonet.Access.Credentials;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Storage;
using Xunit.Abstractions;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

// Retention races live traffic from another OS process, as a retention job on one web node races sign-ins, pairings and
// first logins on another: each delete is a short batch that skips rows others hold, so neither side may see an error
// or a deadlock, nothing live may go, and what was due must be gone at the end.
public sealed class RetentionRaceTests(ITestOutputHelper output) : IDisposable
{
    private const int RetentionCallers = 2;
    private const int TrafficCallers = 4;
    private const int Iterations = 12;
    private const int BatchSize = 2;

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Retention_RacingSignInsPairingsAndFirstLoginsFromAnotherProcess_NoErrorNothingLiveGoneEverythingDueGone(int seed)
    {
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);
        var stores = new StoreUnderTest(store, store, store, store, store, store, store);
        var account = await CreateAccountAsync(store);
        var history = RetentionHistory.Generate(seed, 40);
        await history.WriteAsync(stores, account);
        var cut = RetentionHistory.CutOff;
        var live = cut.AddDays(1);

        using var retention = await RaceWorkers.StartAsync("retention", _schema.Name, cut, RetentionCallers, BatchSize.ToString(CultureInfo.InvariantCulture));
        using var traffic = await RaceWorkers.StartAsync("traffic", _schema.Name, live, TrafficCallers, Iterations.ToString(CultureInfo.InvariantCulture));
        retention.Go();
        traffic.Go();
        var trafficLines = await traffic.FinishAsync();
        retention.Stop();
        var retentionLines = await retention.FinishAsync();
        output.WriteLine($"retention callers (rounds, rows): {string.Join("; ", retentionLines)}");

        var people = trafficLines.Where(l => l.StartsWith("live ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var liveMail = trafficLines.Where(l => l.StartsWith("mail ", StringComparison.Ordinal)).Select(l => Guid.Parse(l["mail ".Length..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(TrafficCallers * Iterations, people.Count);
        Assert.Equal(4 * people.Count, liveMail.Count);
        var rounds = retentionLines.Select(l => l.Split(' ')).ToList();
        Assert.Equal(RetentionCallers, rounds.Count);
        Assert.True(rounds.Sum(r => int.Parse(r[2], CultureInfo.InvariantCulture)) > 0, string.Join(", ", retentionLines));

        foreach (var person in people)
        {
            await AssertLiveAsync(store, live, person);
        }

        await history.AssertRetainedAsync(stores, account, liveMail);
        IRetentionStore deletes = store;
        int[] leftDue =
            [
                await deletes.DeleteSpentLinkTokensAsync(cut, 10_000, CancellationToken.None),
                await deletes.ClearExpiredSecondFactorTicketsAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteSpentPairingTicketsAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteEndedSessionsAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteExpiredSignaturesAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteStaleAttemptsAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteDeliveredMailAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteRevokedDevicesAsync(cut, 10_000, CancellationToken.None),
                await deletes.DeleteSecurityEventsAsync(cut, 10_000, CancellationToken.None),
            ];
        Assert.All(leftDue, left => Assert.Equal(0, left));
    }

    /// <summary>Everything one person of the traffic did is still there and still works.</summary>
    private static async Task AssertLiveAsync(PostgreSqlAccessStore store, DateTimeOffset now, string[] person)
    {
        var none = CancellationToken.None;
        var (accountId, email, sessionId, usedTicket, deviceId, signature, openTicket, usedLink, openLink) =
            (Guid.Parse(person[1], CultureInfo.InvariantCulture), person[2], Guid.Parse(person[3], CultureInfo.InvariantCulture), person[4], Guid.Parse(person[5], CultureInfo.InvariantCulture), person[6], person[7], person[8], person[9]);

        Assert.Equal(AccountStatus.Active, (await store.FindAccountByIdAsync(accountId, none))?.Status);
        var session = await store.FindSessionAsync(sessionId, none);
        Assert.True(session is { RevokedAt: null } && session.ExpiresAt > now, $"session {sessionId}");
        Assert.Equal(now, (await store.FindPairingTicketAsync(usedTicket, none))?.ConsumedAt);
        Assert.True(await store.FindDeviceAsync(deviceId, none) is { RevokedAt: null }, $"device {deviceId}");
        Assert.False(await store.TryRecordSignatureAsync(deviceId, signature, now, now.AddMinutes(5), none));
        Assert.True(await store.FindPairingTicketAsync(openTicket, none) is { ConsumedAt: null, ClosedAt: null, RemainingTries: 3 }, $"ticket {openTicket}");
        Assert.Equal(now, (await store.FindLinkTokenAsync(usedLink, none))?.ConsumedAt);
        Assert.Equal(openLink, (await store.FindOpenLinkTokenAsync(Symbol, email, now, none))?.TokenHash);
        Assert.Equal(1, (await store.GetAttemptsAsync($"sign-in:{Symbol}:{email}", now, none)).Count);
        Assert.Equal(5, (await store.ListSecurityEventsAsync(accountId, 100, none)).Count);
    }
}
