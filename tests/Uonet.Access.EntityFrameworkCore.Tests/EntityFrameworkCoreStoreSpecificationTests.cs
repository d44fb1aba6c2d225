using Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;

namespace Uonet.Access.EntityFrameworkCore.Tests;

/// <summary>The EF Core store keeps the same contract as every other store: the whole shared suite on one provider, each test on a database of its own.</summary>
public abstract class EntityFrameworkCoreStoreSpecificationTests : StoreSpecification, IDisposable
{
    private readonly Dictionary<object, TestDatabase> _databases = new(ReferenceEqualityComparer.Instance);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var database = await CreateDatabaseAsync();
        var store = database.Store;
        _databases.Add(store, database);
        return new StoreUnderTest(store, store, store, store, store, store, store);
    }

    // A store object of its own per node, over contexts and connections of its own on the same database, as separate
    // web workers would hold: only the database (the transactions and the conditional writes) stands between them.
    protected override Task<IReadOnlyList<StoreUnderTest>> OpenNodesAsync(StoreUnderTest store, int count)
    {
        var database = _databases[store.Directory];
        return Task.FromResult<IReadOnlyList<StoreUnderTest>>([.. Enumerable.Range(0, count).Select(i =>
        {
            var node = database.OpenNode(i);
            return new StoreUnderTest(node, node, node, node, node, node, node);
        })]);
    }

    protected override Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store) =>
        _databases[store.Directory].ReadEveryStoredValueAsync();

    public void Dispose()
    {
        foreach (var database in _databases.Values)
        {
            database.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>On EF Core's SQLite provider, a temporary file per test.</summary>
public sealed class SqliteEntityFrameworkCoreStoreSpecificationTests : EntityFrameworkCoreStoreSpecificationTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

/// <summary>On Npgsql's EF Core provider, a database per test on the throwaway server (<c>UONET_ACCESS_POSTGRES</c>, or one eng/postgres.sh starts).</summary>
[Trait("Category", "PostgreSql")]
public sealed class PostgreSqlEntityFrameworkCoreStoreSpecificationTests : EntityFrameworkCoreStoreSpecificationTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
