using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.EntityFrameworkCore.Tests;

// A step that fails halfway (here: a mail whose id is taken, refused by the outbox's key when the unit is saved) must
// leave nothing of the operation behind, on every provider: no consumed token without its account, no closed account
// with live sessions or devices.
public abstract class RollbackTests : IDisposable
{
    private readonly List<TestDatabase> _databases = [];

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task ConsumeLinkTokenAsync_MailStepFails_TokenStillOpenAndNoAccount_R3()
    {
        var store = await SeededStoreAsync();
        var taken = NewMail();
        await store.EnqueueAsync(taken, CancellationToken.None);
        var token = LinkToken();
        await store.RecordLinkRequestAsync(token, null, token.CreatedAt, null, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(1), Account(), null, NewMail() with { Id = taken.Id }, null, CancellationToken.None));

        Assert.Null((await store.FindLinkTokenAsync(token.TokenHash, CancellationToken.None))?.ConsumedAt);
        Assert.Null(await store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Equal(LinkTokenConsumption.Consumed, await store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(1), Account(), null, NewMail(), null, CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_NoticeStepFails_AccountSessionsAndDevicesUntouched_R9()
    {
        var store = await SeededStoreAsync();
        var account = await CreateAccountAsync(store);
        var device = await PairAsync(store, account);
        var taken = NewMail();
        await store.EnqueueAsync(taken, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => store.CloseAccountAsync(account.Id, Now.AddHours(1), DeviceRevocationReason.EmailChanged, NewMail() with { Id = taken.Id }, null, CancellationToken.None));

        Assert.Equal(AccountStatus.Active, (await store.FindAccountByIdAsync(account.Id, CancellationToken.None))?.Status);
        Assert.Null((await store.FindDeviceAsync(device.Id, CancellationToken.None))?.RevokedAt);
        Assert.True(await store.CloseAccountAsync(account.Id, Now.AddHours(1), DeviceRevocationReason.EmailChanged, NewMail(), null, CancellationToken.None));
    }

    private async Task<EntityFrameworkCoreAccessStore<UonetAccessDbContext>> SeededStoreAsync()
    {
        var database = await CreateDatabaseAsync();
        _databases.Add(database);
        var store = database.Store;
        await SeedAsync(store);
        return store;
    }
}

public sealed class SqliteRollbackTests : RollbackTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[Trait("Category", "PostgreSql")]
public sealed class PostgreSqlRollbackTests : RollbackTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
