using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.AcrossInstances;

// An attacker behind a load balancer reaches both instances: every limit (PIN tries per ticket, lockout per address, rate
// limit per client key) must count the attempts made on either, because it lives in the shared database and nowhere else.
public sealed class BruteForceAcrossInstancesTests : IDisposable
{
    private const string WrongPassword = "zle haslo do konta";

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task RegisterDeviceAsync_WrongPinsAlternatingBetweenInstances_TicketBurnedAfterThreeInTotal_R7()
    {
        await using var nodes = TwoInstances.Start(_schema);
        var ticket = await MotherWithTicketAsync(nodes);
        var wrongPin = WrongPin(ticket);

        var tries = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            tries.Add(RemainingTries(await Register(nodes.Serving(i), ticket, wrongPin)));
        }

        var rightPinOnEach = await Task.WhenAll(nodes.Both.Select(n => Register(n, ticket, ticket.Pin)));

        Assert.Equal(["2", "1", "0"], tries);
        Assert.All(rightPinOnEach, r => Assert.Equal(AccessErrorCodes.PairingClosed, r.Error?.Code));
        Assert.Empty(await nodes.First.Store.ListDevicesAsync((await AccountAsync(nodes)).Id, CancellationToken.None));
    }

    [Fact]
    public async Task RegisterDeviceAsync_32ParallelWrongPinsSplitOverInstances_AtMostThreeCounted_R7()
    {
        await using var nodes = TwoInstances.Start(_schema);
        var ticket = await MotherWithTicketAsync(nodes);
        var wrongPin = WrongPin(ticket);

        var results = await RunTogetherAsync(Enumerable.Range(0, 32).Select(i => (Func<Task<AccessResult<DeviceRegistrationResult>>>)(() => Register(nodes.Serving(i), ticket, wrongPin))));
        var rightPin = await Register(nodes.Second, ticket, ticket.Pin);

        // Each counted try saw its own remaining count; "2" and "1" are the first two, the third (and any later) sees 0.
        Assert.All(results, r => Assert.Contains(r.Error?.Code, new[] { AccessErrorCodes.PairingWrongPin, AccessErrorCodes.PairingClosed }));
        Assert.Single(results, r => RemainingTries(r) == "2");
        Assert.Single(results, r => RemainingTries(r) == "1");
        Assert.Equal([0], await _schema.QueryAsync<int>("SELECT remaining_tries FROM {schema}.pairing_tickets WHERE closed_at IS NOT NULL;"));
        Assert.Equal(AccessErrorCodes.PairingClosed, rightPin.Error?.Code);
    }

    [Fact]
    public async Task SignInAsync_FailuresAlternatingBetweenInstances_LockAfterFiveInTotalSeenByBoth()
    {
        await using var nodes = TwoInstances.Start(_schema);
        await nodes.First.SeedSchoolAsync();
        await nodes.First.SetPasswordAsync();

        var failures = new List<SignInOutcome>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add((await nodes.Serving(i).TrySignInAsync(WrongPassword)).Outcome);
        }

        var rightPasswordOnEach = await Task.WhenAll(nodes.Both.Select(n => n.TrySignInAsync(AppInstance.Password)));
        nodes.Advance(TimeSpan.FromMinutes(5));
        var afterTheLock = await nodes.Second.TrySignInAsync(AppInstance.Password);

        Assert.Equal([SignInOutcome.Failed, SignInOutcome.Failed, SignInOutcome.Failed, SignInOutcome.Failed, SignInOutcome.LockedOut], failures);
        Assert.All(rightPasswordOnEach, r => Assert.Equal((SignInOutcome.LockedOut, Now.AddMinutes(5)), (r.Outcome, r.LockedUntil)));
        Assert.Equal(SignInOutcome.Success, afterTheLock.Outcome);
    }

    [Fact]
    public async Task SignInAsync_UnknownAddressFailuresAlternatingBetweenInstances_LockAfterFiveLikeAKnownOne()
    {
        await using var nodes = TwoInstances.Start(_schema);
        await nodes.First.SeedSchoolAsync();
        const string unknown = "nieznany.rodzic@example.pl";

        var failures = new List<SignInOutcome>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add((await nodes.Serving(i).TrySignInAsync(WrongPassword, unknown)).Outcome);
        }

        var nextOnEach = await Task.WhenAll(nodes.Both.Select(n => n.TrySignInAsync(WrongPassword, unknown)));

        Assert.Equal([SignInOutcome.Failed, SignInOutcome.Failed, SignInOutcome.Failed, SignInOutcome.Failed, SignInOutcome.LockedOut], failures);
        Assert.All(nextOnEach, r => Assert.Equal(SignInOutcome.LockedOut, r.Outcome));
    }

    [Fact]
    public async Task SignInAsync_32ParallelWrongPasswordsSplitOverInstances_ExactlyFiveCounted()
    {
        await using var nodes = TwoInstances.Start(_schema);
        await nodes.First.SeedSchoolAsync();
        await nodes.First.SetPasswordAsync();

        var results = await RunTogetherAsync(Enumerable.Range(0, 32).Select(i => (Func<Task<AccountSignInResult>>)(() => nodes.Serving(i).TrySignInAsync(WrongPassword))));
        var rightPassword = await nodes.First.TrySignInAsync(AppInstance.Password);

        // Four failures were answered as such; the fifth counted one locked the address, and every later one was refused
        // without being counted, whichever instance took it.
        Assert.Equal(4, results.Count(r => r.Outcome == SignInOutcome.Failed));
        Assert.Equal(28, results.Count(r => r.Outcome == SignInOutcome.LockedOut));
        Assert.Equal(SignInOutcome.LockedOut, rightPassword.Outcome);
    }

    [Fact]
    public async Task SignInAsync_OneClientKeyFailingOnBothInstances_ThrottledOnBothAfterTheLimit()
    {
        await using var nodes = TwoInstances.Start(_schema, o => o.SignIn.PerClient = new AttemptPolicy(6, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
        await nodes.First.SeedSchoolAsync();
        await nodes.First.SetPasswordAsync();
        const string client = "203.0.113.7";

        // Six different addresses (so no address lockout plays a part), alternating between the instances.
        var failures = new List<SignInOutcome>();
        for (var i = 0; i < 6; i++)
        {
            failures.Add((await nodes.Serving(i).TrySignInAsync(WrongPassword, $"rodzic{i}@example.pl", client)).Outcome);
        }

        var rightPasswordOnEach = await Task.WhenAll(nodes.Both.Select(n => n.TrySignInAsync(AppInstance.Password, clientKey: client)));
        var otherClient = await nodes.Second.TrySignInAsync(AppInstance.Password, clientKey: "198.51.100.23");

        Assert.All(failures, o => Assert.Equal(SignInOutcome.Failed, o));
        Assert.All(rightPasswordOnEach, r => Assert.Equal((SignInOutcome.Throttled, AccessErrorCodes.RateLimited), (r.Outcome, r.Error?.Code)));
        Assert.Equal(SignInOutcome.Success, otherClient.Outcome);
    }

    [Fact]
    public async Task StartAsync_OneClientKeyOnBothInstances_RefusedOnBothAfterTheLimit_R4()
    {
        await using var nodes = TwoInstances.Start(_schema, o => o.AccessLinks.PerClient = new AttemptPolicy(4, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
        await nodes.First.SeedSchoolAsync();
        const string client = "203.0.113.7";

        var answers = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await nodes.Serving(i).Restore.StartAsync(Start(i, client))).Error?.Code);
        }

        var otherClient = await nodes.First.Restore.StartAsync(Start(7, "198.51.100.23"));

        Assert.Equal([null, null, null, null, AccessErrorCodes.RateLimited, AccessErrorCodes.RateLimited], answers);
        Assert.True(otherClient.Succeeded, otherClient.ToString());
    }

    [Fact]
    public async Task StartAsync_32ParallelRequestsOfOneClientOverInstances_ExactlyTheLimitAcceptedAndMailed_R4()
    {
        await using var nodes = TwoInstances.Start(_schema, o => o.AccessLinks.PerClient = new AttemptPolicy(4, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
        await nodes.First.SeedSchoolAsync();
        var mailBefore = (await nodes.First.Store.ListAsync(null, 1000, CancellationToken.None)).Count;

        var results = await RunTogetherAsync(Enumerable.Range(0, 32).Select(i => (Func<Task<AccessResult>>)(() => nodes.Serving(i).Restore.StartAsync(Start(i, "203.0.113.7")))));

        Assert.Equal(4, results.Count(r => r.Succeeded));
        Assert.Equal(28, results.Count(r => r.Error?.Code == AccessErrorCodes.RateLimited));
        Assert.Equal(mailBefore + 4, (await nodes.First.Store.ListAsync(null, 1000, CancellationToken.None)).Count);
    }

    private static StartAccessRequest Start(int i, string client) => new() { InstanceSymbol = Symbol, Email = $"rodzic{i}@example.pl", ClientKey = client };

    /// <summary>Anna signs in on the first instance and asks it for a pairing ticket.</summary>
    private static async Task<PairingTicketView> MotherWithTicketAsync(TwoInstances nodes)
    {
        await nodes.First.SeedSchoolAsync();
        await nodes.First.SetPasswordAsync();
        var created = await nodes.First.Devices.CreatePairingAsync(await nodes.First.SignedInAsync());
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    private static async Task<Account> AccountAsync(TwoInstances nodes) =>
        (await nodes.First.Store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None))!;

    internal static Task<AccessResult<DeviceRegistrationResult>> Register(AppInstance node, PairingTicketView ticket, string pin) =>
        node.Devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, pin, Phone());

    internal static DeviceRegistration Phone()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return new DeviceRegistration { Name = "Telefon Anny", Platform = "Android 15", PublicKey = key.ExportSubjectPublicKeyInfo() };
    }

    private static string WrongPin(PairingTicketView ticket) => ticket.Pin == "000000" ? "000001" : "000000";

    private static string? RemainingTries(AccessResult result) =>
        result.Error is { Code: AccessErrorCodes.PairingWrongPin } error ? error.Arguments["remainingTries"] : null;
}
