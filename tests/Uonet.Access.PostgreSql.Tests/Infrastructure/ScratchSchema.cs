using Npgsql;

namespace Uonet.Access.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL schema of its own for one test, dropped with everything in it when the test ends, so tests share the
/// server but never data, and may run in parallel.
/// </summary>
public sealed class ScratchSchema : IDisposable
{
    private readonly List<PostgreSqlAccessStore> _ownStores = [];

    public string Name { get; } = $"uat_{Guid.NewGuid():N}";

    public static string ConnectionString => PostgresServer.ConnectionString;

    /// <summary>A store over the run's shared data source, migrated to the current schema version.</summary>
    public async Task<PostgreSqlAccessStore> CreateStoreAsync(TimeProvider? time = null)
    {
        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, Name, time);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>A store with a connection pool of its own, as another web node would have; disposed with the schema.</summary>
    public PostgreSqlAccessStore OwnStore(TimeProvider? time = null)
    {
        var store = PostgreSqlAccessStore.Create(ConnectionString, Name, time);
        _ownStores.Add(store);
        return store;
    }

    /// <summary>Runs SQL in which <c>{schema}</c> names this schema.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = PostgresServer.DataSource.CreateCommand(Named(sql));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads the first column of every row of a query in which <c>{schema}</c> names this schema.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = PostgresServer.DataSource.CreateCommand(Named(sql));
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

    public string Named(string sql) => sql.Replace("{schema}", $"\"{Name}\"", StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var store in _ownStores)
        {
            store.Dispose();
        }

        if (!PostgresServer.IsRunning)
        {
            return;
        }

        using var command = PostgresServer.DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE;");
        command.ExecuteNonQuery();
    }
}
