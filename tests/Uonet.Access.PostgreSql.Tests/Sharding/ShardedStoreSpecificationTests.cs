using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>
/// The sharded store keeps the same contract as every other store: the whole shared suite through
/// <see cref="PostgreSql.Sharding.PostgreSqlShardRouter"/>, with the suite's instances spread over two PostgreSQL
/// clusters (see <see cref="ShardedSchema"/>), each test in a schema of its own on both.
/// </summary>
public sealed class ShardedStoreSpecificationTests : StoreSpecification, IDisposable
{
    private readonly Dictionary<object, ShardedSchema> _schemas = new(ReferenceEqualityComparer.Instance);

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var schema = new ShardedSchema();
        var router = await schema.CreateRouterAsync();
        _schemas.Add(router, schema);
        return new StoreUnderTest(router, router, router, router, router, router, router);
    }

    // Every column of every row of every table of the schema, in both clusters.
    protected override async Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store)
    {
        var schema = _schemas[store.Directory];
        var values = new List<object?>();
        foreach (var cluster in new[] { PostgresServer.DataSource, SecondPostgresServer.DataSource })
        {
            var tables = await ShardedSchema.QueryAsync<string>(
                cluster,
                schema.Name,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema AND table_type = 'BASE TABLE';",
                ("schema", schema.Name));
            Assert.Contains("outbox", tables);
            foreach (var table in tables)
            {
                await using var command = cluster.CreateCommand($"SELECT * FROM \"{schema.Name}\".\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\";");
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        values.Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
                    }
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
