using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Specification.Tests;

namespace Uonet.Access.PostgreSql.Tests;

/// <summary>The PostgreSQL store keeps the same contract as every other store: the whole shared suite, each test in a schema of its own.</summary>
public sealed class PostgreSqlStoreSpecificationTests : StoreSpecification, IDisposable
{
    private readonly Dictionary<object, ScratchSchema> _schemas = new(ReferenceEqualityComparer.Instance);

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var schema = new ScratchSchema();
        var store = await schema.CreateStoreAsync();
        _schemas.Add(store, schema);
        return new StoreUnderTest(store, store, store, store, store, store, store);
    }

    // A store with a connection pool of its own per node over the same schema, as separate web nodes would hold: only
    // the database (conditional statements, row locks, SKIP LOCKED) stands between them.
    protected override Task<IReadOnlyList<StoreUnderTest>> OpenNodesAsync(StoreUnderTest store, int count)
    {
        var schema = _schemas[store.Directory];
        return Task.FromResult<IReadOnlyList<StoreUnderTest>>([.. Enumerable.Range(0, count).Select(_ =>
        {
            var node = schema.OwnStore();
            return new StoreUnderTest(node, node, node, node, node, node, node);
        })]);
    }

    // Every column of every row of every table of the store's schema (information_schema), as Npgsql reads it.
    protected override async Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store)
    {
        var schema = _schemas[store.Directory];
        var tables = await schema.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema AND table_type = 'BASE TABLE';",
            ("schema", schema.Name));
        Assert.Contains("outbox", tables);
        var values = new List<object?>();
        foreach (var table in tables)
        {
            await using var command = PostgresServer.DataSource.CreateCommand(schema.Named($"SELECT * FROM {{schema}}.\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\";"));
            await using var reader = await command.ExecuteReaderAsync();
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
        foreach (var schema in _schemas.Values)
        {
            schema.Dispose();
        }
    }
}
