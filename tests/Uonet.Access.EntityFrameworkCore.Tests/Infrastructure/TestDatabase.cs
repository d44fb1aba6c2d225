using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Uonet.Access.EntityFrameworkCore.Rows;

namespace Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>A database of one test's own on one provider, holding Uonet.Access's tables, deleted when the test ends.</summary>
public abstract class TestDatabase : IDisposable
{
    public abstract IDbContextFactory<UonetAccessDbContext> Contexts { get; }

    public EntityFrameworkCoreAccessStore<UonetAccessDbContext> Store => new(Contexts);

    /// <summary>
    /// A store object of another web node over the same database: a context pool of its own (and, where the provider
    /// pools connections per connection string, connections of its own), so that only the database stands between nodes.
    /// </summary>
    public EntityFrameworkCoreAccessStore<UonetAccessDbContext> OpenNode(int node) => new(new PooledDbContextFactory<UonetAccessDbContext>(NodeOptions(node)));

    protected abstract DbContextOptions<UonetAccessDbContext> NodeOptions(int node);

    /// <summary>Every column of every row of every Uonet.Access table, as the provider's reader hands it out.</summary>
    public async Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        var values = new List<object?>();
        foreach (var entity in context.Model.GetEntityTypes())
        {
            await using var command = connection.CreateCommand();
            var schema = entity.GetSchema();
            command.CommandText = $"SELECT * FROM {(schema is null ? "" : $"\"{schema}\".")}\"{entity.GetTableName()}\";";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
                }
            }
        }

        Assert.Contains(context.Model.GetEntityTypes(), e => e.ClrType == typeof(OutboxRow));
        return values;
    }

    public abstract void Dispose();
}

/// <summary>A SQLite file of its own, deleted with its WAL files.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "uonet-access-efcore-tests");

    private SqliteTestDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        Contexts = new PooledDbContextFactory<UonetAccessDbContext>(new DbContextOptionsBuilder<UonetAccessDbContext>().UseSqlite(ConnectionString).UseUonetAccessSqlite().Options);
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public override IDbContextFactory<UonetAccessDbContext> Contexts { get; }

    // Microsoft.Data.Sqlite pools connections per connection string, so nodes share them, as the hand-written SQLite
    // store's nodes do: a pooled connection holds no lock between operations.
    protected override DbContextOptions<UonetAccessDbContext> NodeOptions(int node) =>
        new DbContextOptionsBuilder<UonetAccessDbContext>().UseSqlite(ConnectionString).UseUonetAccessSqlite().Options;

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        Directory.CreateDirectory(Folder);
        var database = new SqliteTestDatabase(System.IO.Path.Combine(Folder, $"{Guid.NewGuid():N}.db"));
        await using var context = await database.Contexts.CreateDbContextAsync();
        await UonetAccessDatabase.MigrateAsync(context, CancellationToken.None);
        return database;
    }

    public override void Dispose()
    {
        // Pooled connections keep the file open; closing them lets the files go.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}

/// <summary>A database of its own on the throwaway PostgreSQL server, dropped when the test ends.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private PostgreSqlTestDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = name }.ToString();
        Contexts = new PooledDbContextFactory<UonetAccessDbContext>(new DbContextOptionsBuilder<UonetAccessDbContext>().UseNpgsql(ConnectionString).Options);
    }

    private readonly HashSet<int> _nodes = [];

    public string Name { get; }

    public string ConnectionString { get; }

    public override IDbContextFactory<UonetAccessDbContext> Contexts { get; }

    // Npgsql pools connections per connection string: a node's own application name gives it a pool of its own.
    protected override DbContextOptions<UonetAccessDbContext> NodeOptions(int node)
    {
        _nodes.Add(node);
        return new DbContextOptionsBuilder<UonetAccessDbContext>().UseNpgsql(NodeConnectionString(node)).Options;
    }

    private string NodeConnectionString(int node) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = $"uonet-access-node-{node}" }.ToString();

    // The shipped migrations run once per test run, into a template; each test's database is a copy of it, which the
    // server makes several times faster than migrating a new database (the suite has about 300 tests on this provider).
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static async Task<PostgreSqlTestDatabase> CreateAsync()
    {
        var template = await Template.Value;
        var database = new PostgreSqlTestDatabase($"uaef_{Guid.NewGuid():N}");
        await using var command = PostgresServer.DataSource.CreateCommand($"CREATE DATABASE \"{database.Name}\" TEMPLATE \"{template}\";");
        await command.ExecuteNonQueryAsync();
        return database;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var template = new PostgreSqlTestDatabase($"uaef_template_{Guid.NewGuid():N}");
        await using (var command = PostgresServer.DataSource.CreateCommand($"CREATE DATABASE \"{template.Name}\";"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using (var context = await template.Contexts.CreateDbContextAsync())
        {
            await UonetAccessDatabase.MigrateAsync(context, CancellationToken.None);
        }

        // A database is copied only while nobody is connected to it; the template goes when the test run ends.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(template.ConnectionString));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.Dispose();
        return template.Name;
    }

    public override void Dispose()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        foreach (var node in _nodes)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(NodeConnectionString(node)));
        }

        using var command = PostgresServer.DataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);");
        command.ExecuteNonQuery();
    }
}
