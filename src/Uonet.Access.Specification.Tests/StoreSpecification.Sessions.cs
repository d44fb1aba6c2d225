using Xunit;

namespace Uonet.Access.Specification.Tests;

public abstract partial class StoreSpecification
{
    [Fact]
    public async Task CreateSessionAsync_NewSession_FindableWithEveryField()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var session = NewSession(await CreateAccountAsync(store));

        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);

        Assert.Equal(session, await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None));
        Assert.Null(await store.Credentials.FindSessionAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task TouchSessionAsync_LaterTime_MovesLastSeenForward()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var session = NewSession(await CreateAccountAsync(store));
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);

        await store.Credentials.TouchSessionAsync(session.Id, Requested.AddMinutes(7), CancellationToken.None);

        Assert.Equal(session with { LastSeenAt = Requested.AddMinutes(7) }, await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None));
    }

    [Fact]
    public async Task TouchSessionAsync_EarlierTime_NeverMovesBackward()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var session = NewSession(await CreateAccountAsync(store));
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        await store.Credentials.TouchSessionAsync(session.Id, Requested.AddMinutes(10), CancellationToken.None);

        // A slow web node reports a request that began before the last one another node recorded.
        await store.Credentials.TouchSessionAsync(session.Id, Requested.AddMinutes(4), CancellationToken.None);

        Assert.Equal(Requested.AddMinutes(10), (await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None))?.LastSeenAt);
    }

    [Fact]
    public async Task RevokeSessionAsync_OpenSession_RevokedAndOthersUntouched()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var phone = NewSession(account);
        var laptop = NewSession(account);
        await store.Credentials.CreateSessionAsync(phone, CancellationToken.None);
        await store.Credentials.CreateSessionAsync(laptop, CancellationToken.None);

        await store.Credentials.RevokeSessionAsync(phone.Id, Requested.AddHours(1), CancellationToken.None);

        Assert.Equal(phone with { RevokedAt = Requested.AddHours(1) }, await store.Credentials.FindSessionAsync(phone.Id, CancellationToken.None));
        Assert.Equal(laptop, await store.Credentials.FindSessionAsync(laptop.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeSessionAsync_Twice_KeepsTheFirstTime()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var session = NewSession(await CreateAccountAsync(store));
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        await store.Credentials.RevokeSessionAsync(session.Id, Requested.AddHours(1), CancellationToken.None);

        await store.Credentials.RevokeSessionAsync(session.Id, Requested.AddHours(2), CancellationToken.None);

        Assert.Equal(Requested.AddHours(1), (await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None))?.RevokedAt);
    }

    [Fact]
    public async Task RevokeAccountSessionsAsync_MixedSessions_RevokesOnlyThatAccountsOpenOnesAndCountsThem()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var other = await CreateAccountAsync(store, OtherParentEmail);
        var open1 = NewSession(account);
        var open2 = NewSession(account);
        var ended = NewSession(account);
        var someoneElses = NewSession(other);
        foreach (var session in new[] { open1, open2, ended, someoneElses })
        {
            await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        }

        await store.Credentials.RevokeSessionAsync(ended.Id, Requested.AddMinutes(30), CancellationToken.None);
        var now = Requested.AddHours(3);

        var count = await store.Credentials.RevokeAccountSessionsAsync(account.Id, now, CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(now, (await store.Credentials.FindSessionAsync(open1.Id, CancellationToken.None))?.RevokedAt);
        Assert.Equal(now, (await store.Credentials.FindSessionAsync(open2.Id, CancellationToken.None))?.RevokedAt);
        Assert.Equal(Requested.AddMinutes(30), (await store.Credentials.FindSessionAsync(ended.Id, CancellationToken.None))?.RevokedAt);
        Assert.Equal(someoneElses, await store.Credentials.FindSessionAsync(someoneElses.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeAccountSessionsAsync_NothingOpen_ReturnsZero()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var session = NewSession(account);
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        Assert.Equal(1, await store.Credentials.RevokeAccountSessionsAsync(account.Id, Requested.AddHours(1), CancellationToken.None));

        var count = await store.Credentials.RevokeAccountSessionsAsync(account.Id, Requested.AddHours(2), CancellationToken.None);

        Assert.Equal(0, count);
        Assert.Equal(Requested.AddHours(1), (await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None))?.RevokedAt);
    }
}
