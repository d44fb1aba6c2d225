using Microsoft.Data.Sqlite;
using Uonet.Access.Specification.Tests;

namespace Uonet.Access.Sqlite.Tests;

/// <summary>The SQLite store keeps the same contract as every other store: the whole shared suite, each test on a new file.</summary>
public sealed class SqliteStoreSpecificationTests : StoreSpecification, IDisposable
{
    private readonly Dictionary<object, SqliteDatabase> _databases = new(ReferenceEqualityComparer.Instance);

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var database = new SqliteDatabase();
        var store = await database.CreateStoreAsync();
        _databases.Add(store, database);
        return new StoreUnderTest(store, store, store, store, store, store, store);
    }

    // A store object of its own per node over the same file, as separate web workers would hold: only the database
    // (BEGIN IMMEDIATE and the conditional writes) stands between them.
    protected override Task<IReadOnlyList<StoreUnderTest>> OpenNodesAsync(StoreUnderTest store, int count)
    {
        var database = _databases[store.Directory];
        return Task.FromResult<IReadOnlyList<StoreUnderTest>>([.. Enumerable.Range(0, count).Select(_ =>
        {
            var node = new SqliteAccessStore(database.ConnectionString);
            return new StoreUnderTest(node, node, node, node, node, node, node);
        })]);
    }

    // Every column of every row of every table in sqlite_master, as SQLite hands it out (text, blob, integer, real).
    protected override async Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store)
    {
        await using var connection = _databases[store.Directory].Open();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("outbox", tables);
        var values = new List<object?>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\";";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
                }
            }
        }

        return values;
    }

    public void Dispose()
    {
        foreach (var database in _databases.Values)
        {
            database.Dispose();
        }
    }
}
