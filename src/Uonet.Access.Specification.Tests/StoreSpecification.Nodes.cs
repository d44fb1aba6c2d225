using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Web nodes each hold a store object of their own (a pool of their own) over one database, so the only thing callers
// share is the data: the conditional writes, row locks and claims must keep the invariants on their own, with no lock
// of the process in between. Each caller here goes through its own node from OpenNodesAsync.
public abstract partial class StoreSpecification
{
    /// <summary>
    /// Opens <paramref name="count"/> store objects over the data of <paramref name="store"/>, as separate web nodes
    /// or workers of one deployment would hold them: for a database store, new store objects (each with its own
    /// connections) over the same database or schema. The default hands back <paramref name="store"/> itself, which is
    /// right for a store whose data lives in the object (the in-memory store) and nowhere else.
    /// </summary>
    /// <param name="store">A store made by <see cref="CreateStoreAsync"/>.</param>
    /// <param name="count">How many nodes to open.</param>
    protected virtual Task<IReadOnlyList<StoreUnderTest>> OpenNodesAsync(StoreUnderTest store, int count) =>
        Task.FromResult<IReadOnlyList<StoreUnderTest>>([.. Enumerable.Repeat(store, count)]);

    [Fact]
    public async Task ConsumeLinkTokenAsync_32NodesOnOneToken_OneWinnerOneAccountOneMail_R3()
    {
        var (store, nodes) = await NodesAsync();
        await Fixtures.SeedAsync(store.Directory);
        var token = Fixtures.LinkToken();
        await store.Credentials.RecordLinkRequestAsync(token, null, Fixtures.Now, null, CancellationToken.None);
        var attempts = nodes.Select(n => (Node: n, Account: Fixtures.Account(), Mail: Fixtures.NewMail())).ToList();

        var results = await Fixtures.RunTogetherAsync(attempts.Select(a => (Func<Task<LinkTokenConsumption>>)(() =>
            a.Node.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Fixtures.Now.AddMinutes(5), a.Account, null, a.Mail, null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == LinkTokenConsumption.Consumed));
        Assert.Equal(Parallelism - 1, results.Count(r => r == LinkTokenConsumption.AlreadyUsed));
        var winner = attempts[Array.IndexOf(results, LinkTokenConsumption.Consumed)];
        Assert.Equal(winner.Account.Id, (await store.Credentials.FindAccountAsync(Symbol, Fixtures.ParentEmail, CancellationToken.None))?.Id);
        Assert.Equal(winner.Mail.Id, Assert.Single(await store.Outbox.ListAsync(null, 100, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task RecordLinkRequestAsync_32NodesForOneAddress_ExactlyOneTokenLeftOpen_R4()
    {
        // "Przywróć dostęp" clicked again and again, each click on another node: the later request supersedes the
        // earlier, and never do two stay open.
        var (store, nodes) = await NodesAsync();
        await Fixtures.SeedAsync(store.Directory);
        var tokens = nodes.Select(_ => Fixtures.LinkToken()).ToList();

        await Fixtures.RunTogetherAsync(nodes.Select((n, i) => (Func<Task<bool>>)(async () =>
        {
            await n.Credentials.RecordLinkRequestAsync(tokens[i], null, Fixtures.Now.AddSeconds(i), null, CancellationToken.None);
            return true;
        })));

        var found = await Task.WhenAll(tokens.Select(t => store.Credentials.FindLinkTokenAsync(t.TokenHash, CancellationToken.None)));
        Assert.All(found, Assert.NotNull);
        Assert.Single(found, t => t!.SupersededAt is null);
    }

    [Fact]
    public async Task RecordAttemptAsync_32Nodes_EveryAttemptCountedOnce()
    {
        var (store, nodes) = await NodesAsync();
        var policy = new AttemptPolicy(100, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

        var results = await Fixtures.RunTogetherAsync(nodes.Select(n => (Func<Task<AttemptState>>)(() =>
            n.Credentials.RecordAttemptAsync("signin:gminawulkanowo:anna.kowalska@example.pl", Fixtures.Now, policy, null, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, Parallelism), results.Select(r => r.Count).Order());
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.Equal(
            new AttemptState(Parallelism, Fixtures.Now.AddMinutes(15), null),
            await store.Credentials.GetAttemptsAsync("signin:gminawulkanowo:anna.kowalska@example.pl", Fixtures.Now, CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_32NodesOverALimitOf5_Exactly5AcceptedThenLocked()
    {
        var (_, nodes) = await NodesAsync();
        var policy = new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

        var results = await Fixtures.RunTogetherAsync(nodes.Select(n => (Func<Task<AttemptState>>)(() =>
            n.Credentials.RecordAttemptAsync("signin-client:203.0.113.7", Fixtures.Now, policy, null, CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r.Accepted));
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(Fixtures.Now.AddMinutes(5), r.LockedUntil));
    }

    [Fact]
    public async Task RecordWrongPinAsync_32NodesWithWrongPins_OnlyThreeCountedAndTicketClosed_R7()
    {
        var (store, nodes) = await NodesAsync();
        await Fixtures.SeedAsync(store.Directory);
        var account = await Fixtures.CreateAccountAsync(store.Credentials);
        var ticket = Fixtures.Ticket(account);
        await store.Devices.CreatePairingTicketAsync(ticket, Fixtures.Now, CancellationToken.None);

        var results = await Fixtures.RunTogetherAsync(nodes.Select(n => (Func<Task<PairingTicket?>>)(() =>
            n.Devices.RecordWrongPinAsync(ticket.Id, Fixtures.Now.AddMinutes(1), CancellationToken.None))));

        // The three counted tries each see their own remaining count (2, 1, 0); the rest find the ticket dead at 0.
        Assert.Equal(1, results.Count(r => r!.RemainingTries == 2));
        Assert.Equal(1, results.Count(r => r!.RemainingTries == 1));
        Assert.Equal(Parallelism - 2, results.Count(r => r!.RemainingTries == 0));
        var stored = await store.Devices.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None);
        Assert.Equal(0, stored!.RemainingTries);
        Assert.Equal(Fixtures.Now.AddMinutes(1), stored.ClosedAt);
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_32NodesOnOneTicket_OneDeviceRegistered_R7()
    {
        var (store, nodes) = await NodesAsync();
        await Fixtures.SeedAsync(store.Directory);
        var account = await Fixtures.CreateAccountAsync(store.Credentials);
        var ticket = Fixtures.Ticket(account);
        await store.Devices.CreatePairingTicketAsync(ticket, Fixtures.Now, CancellationToken.None);
        var devices = nodes.Select(n => (Node: n, Device: Fixtures.Device(account))).ToList();

        var results = await Fixtures.RunTogetherAsync(devices.Select(d => (Func<Task<PairingConsumption>>)(() =>
            d.Node.Devices.ConsumePairingTicketAsync(ticket.Id, Fixtures.Now.AddMinutes(1), d.Device, Fixtures.NewMail(kind: MailKind.NewDevice), null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == PairingConsumption.Consumed));
        Assert.Equal(Parallelism - 1, results.Count(r => r == PairingConsumption.AlreadyUsed));
        var winner = devices[Array.IndexOf(results, PairingConsumption.Consumed)].Device;
        Assert.Equal(winner.Id, Assert.Single(await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None)).Id);
        Assert.Single(await store.Outbox.ListAsync(null, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);
    }

    [Fact]
    public async Task UpdateAccountAsync_32NodesUsingOneTotpStep_ExactlyOneAccepted()
    {
        // A TOTP code is accepted once (RFC 6238 §5.2): every node that matched it writes the same step from the same
        // version, and only the version check lets one through.
        var (store, nodes) = await NodesAsync();
        await Fixtures.SeedAsync(store.Directory);
        var account = await Fixtures.CreateAccountAsync(store.Credentials);
        var step = account with { TotpSecret = [1, 2, 3], TotpLastStep = 59_000_001, Version = account.Version + 1 };

        var results = await Fixtures.RunTogetherAsync(nodes.Select(n => (Func<Task<StoreWriteResult>>)(() =>
            n.Credentials.UpdateAccountAsync(step, account.Version, null, null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == StoreWriteResult.Success));
        Assert.Equal(Parallelism - 1, results.Count(r => r == StoreWriteResult.Conflict));
        var stored = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.Equal((account.Version + 1, (long?)59_000_001), (stored!.Version, stored.TotpLastStep));
    }

    [Fact]
    public async Task TryRecordSignatureAsync_32NodesReplayingOneSignature_OneAccepted()
    {
        var (_, nodes) = await NodesAsync();
        var deviceId = Guid.NewGuid();
        var signature = Fixtures.HashOf("sig1=:MEUCIQ...:");

        var results = await Fixtures.RunTogetherAsync(nodes.Select(n => (Func<Task<bool>>)(() =>
            n.Devices.TryRecordSignatureAsync(deviceId, signature, Fixtures.Now, Fixtures.Now.AddMinutes(5), CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task ClaimDueAsync_EightDispatchersOnNodesOfTheirOwn_NeverShareAMessageAndClaimAll()
    {
        var (store, nodes) = await NodesAsync(8);
        for (var i = 0; i < 200; i++)
        {
            await store.Outbox.EnqueueAsync(Fixtures.NewMail($"rodzic{i:D3}@example.pl", createdAt: Fixtures.Now.AddSeconds(i)), CancellationToken.None);
        }

        var claims = await Fixtures.RunTogetherAsync(nodes.Select(n => (Func<Task<List<Guid>>>)(async () =>
        {
            var mine = new List<Guid>();
            while (await n.Outbox.ClaimDueAsync(Fixtures.Now.AddHours(1), 7, Fixtures.Now.AddHours(2), CancellationToken.None) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(m => m.Id));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    private async Task<(StoreUnderTest Store, IReadOnlyList<StoreUnderTest> Nodes)> NodesAsync(int count = Parallelism)
    {
        var store = await CreateStoreAsync();
        var nodes = await OpenNodesAsync(store, count);
        Assert.Equal(count, nodes.Count);
        return (store, nodes);
    }
}
