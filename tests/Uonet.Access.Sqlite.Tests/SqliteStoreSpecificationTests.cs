using Uonet.Access.Specification;

namespace Uonet.Access.Sqlite.Tests;

/// <summary>The SQLite store keeps the same contract as every other store: the whole shared suite, each test on a new file.</summary>
public sealed class SqliteStoreSpecificationTests : StoreSpecification, IDisposable
{
    private readonly List<SqliteDatabase> _databases = [];

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var database = new SqliteDatabase();
        _databases.Add(database);
        var store = await database.CreateStoreAsync();
        return new StoreUnderTest(store, store, store, store, store, store, store);
    }

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }
    }
}
