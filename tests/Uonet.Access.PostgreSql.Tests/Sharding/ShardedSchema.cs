using Npgsql;
using Uonet.Access.PostgreSql.Sharding;
using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>
/// A schema of its own on both clusters for one test, dropped on both when it ends. The specification's instances are
/// spread over them: <c>gminawulkanowo</c> and <c>gminatrzecia</c> in the first cluster (the default database),
/// <c>powiatwulkanowy</c> and <c>miastowulkanowo</c> in the second, so that links, listings, claims and retention
/// cross the two.
/// </summary>
public sealed class ShardedSchema : IDisposable
{
    public static readonly string[] SecondClusterInstances = ["powiatwulkanowy", "miastowulkanowo"];

    private readonly List<PostgreSqlShardRouter> _routers = [];

    public string Name { get; } = $"uat_{Guid.NewGuid():N}";

    public static string FirstConnectionString => PostgresServer.ConnectionString;

    public static string SecondConnectionString => SecondPostgresServer.ConnectionString;

    /// <summary>The map of these tests, with a short connect timeout so that a silent database fails fast.</summary>
    public PostgreSqlShardOptions Options(string? secondConnectionString = null)
    {
        var options = new PostgreSqlShardOptions { DefaultConnectionString = FirstConnectionString, Schema = Name };
        var second = new NpgsqlConnectionStringBuilder(secondConnectionString ?? SecondConnectionString) { Timeout = 3 }.ConnectionString;
        foreach (var symbol in SecondClusterInstances)
        {
            options.MapInstance(symbol, second);
        }

        return options;
    }

    /// <summary>A migrated router with pools of its own (as one web node has); disposed with the schema.</summary>
    public async Task<PostgreSqlShardRouter> CreateRouterAsync(TimeProvider? time = null, string? secondConnectionString = null)
    {
        var router = PostgreSqlShardRouter.Create(Options(secondConnectionString), time);
        _routers.Add(router);
        await router.MigrateAsync(CancellationToken.None);
        return router;
    }

    /// <summary>The first column of every row of a query on one cluster; <c>{schema}</c> names this schema.</summary>
    public static async Task<List<T>> QueryAsync<T>(NpgsqlDataSource cluster, string schema, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = cluster.CreateCommand(sql.Replace("{schema}", $"\"{schema}\"", StringComparison.Ordinal));
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }

        return list;
    }

    public Task<List<T>> FirstAsync<T>(string sql, params (string Name, object Value)[] parameters) => QueryAsync<T>(PostgresServer.DataSource, Name, sql, parameters);

    public Task<List<T>> SecondAsync<T>(string sql, params (string Name, object Value)[] parameters) => QueryAsync<T>(SecondPostgresServer.DataSource, Name, sql, parameters);

    public void Dispose()
    {
        foreach (var router in _routers)
        {
            router.Dispose();
        }

        foreach (var cluster in new[] { PostgresServer.DataSource, SecondPostgresServer.DataSource })
        {
            using var command = cluster.CreateCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE;");
            command.ExecuteNonQuery();
        }
    }
}
