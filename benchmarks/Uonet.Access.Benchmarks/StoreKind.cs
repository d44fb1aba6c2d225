using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Uonet.Access.DependencyInjection;
using Uonet.Access.EntityFrameworkCore;
using Uonet.Access.PostgreSql;
using Uonet.Access.Sqlite;
using Uonet.Access.Storage;

namespace Uonet.Access.Benchmarks;

/// <summary>The stores a benchmark runs against; every store kind becomes a column value in the report.</summary>
public enum StoreKind
{
    /// <summary><see cref="InMemoryAccessStore"/>.</summary>
    InMemory = 0,

    /// <summary><see cref="SqliteAccessStore"/> on a file in the benchmarks' data folder (WAL, synchronous=NORMAL).</summary>
    Sqlite = 1,

    /// <summary>
    /// <see cref="PostgreSqlAccessStore"/> on the server named by <c>UONET_ACCESS_BENCH_POSTGRES</c> (run.sh starts a
    /// throwaway one on loopback when it is unset), each data set in a schema of its own.
    /// </summary>
    PostgreSql = 2,

    /// <summary><c>EntityFrameworkCoreAccessStore</c> over <c>UonetAccessDbContext</c> on EF Core's SQLite provider (a file, WAL).</summary>
    EfCoreSqlite = 3,

    /// <summary><c>EntityFrameworkCoreAccessStore</c> over <c>UonetAccessDbContext</c> on Npgsql's EF Core provider, a database of its own on the same server.</summary>
    EfCorePostgreSql = 4,
}

/// <summary>Creates stores of each kind, empty or seeded, and wires them into a host's container.</summary>
internal static class BenchmarkStores
{
    /// <summary>Records the SQLite store is seeded with at once (PostgreSQL is seeded with <c>COPY</c>).</summary>
    private const int SeedingWriters = 4;

    /// <summary>
    /// The largest SQLite data set: a file store serves one node, and its seeding goes through the store's writes (an
    /// hour and more beyond a million records).
    /// </summary>
    public const int LargestSqlite = 1_000_000;

    /// <summary>
    /// The largest EF Core data set. The EF Core store has no bulk path (one transaction per record, each checking the
    /// record is new and its unit exists), and its rows are the store's internal mapping, so they cannot be copied in as
    /// PostgreSQL's are without writing that mapping a second time here: 10k records seed in seconds, a million did not
    /// finish in a benchmark run.
    /// </summary>
    public const int LargestEfCore = 10_000;

    /// <summary>The environment variable holding the PostgreSQL server's Npgsql connection string.</summary>
    public const string PostgreSqlVariable = "UONET_ACCESS_BENCH_POSTGRES";

    /// <summary>Where the benchmarks note which PostgreSQL schemas hold a complete seeding.</summary>
    private const string SeedingSchema = "uonet_access_benchmarks";

    /// <summary>The PostgreSQL connection string, or <see langword="null"/> when no server was given.</summary>
    public static string? PostgreSqlConnectionString =>
        Environment.GetEnvironmentVariable(PostgreSqlVariable) is { Length: > 0 } connectionString ? connectionString : null;

    /// <summary>Every store this machine can run: the benchmarks' <c>[ParamsSource]</c>.</summary>
    public static IEnumerable<StoreKind> Available =>
        PostgreSqlConnectionString is null
            ? [StoreKind.InMemory, StoreKind.Sqlite, StoreKind.EfCoreSqlite]
            : [StoreKind.InMemory, StoreKind.Sqlite, StoreKind.PostgreSql, StoreKind.EfCoreSqlite, StoreKind.EfCorePostgreSql];

    /// <summary>Whether <see cref="SeededAsync"/> seeds <paramref name="recordCount"/> records of <paramref name="kind"/> (see <see cref="LargestSqlite"/>, <see cref="LargestEfCore"/>).</summary>
    public static bool Seeds(StoreKind kind, int recordCount) => kind switch
    {
        StoreKind.Sqlite => recordCount <= LargestSqlite,
        StoreKind.EfCoreSqlite or StoreKind.EfCorePostgreSql => recordCount <= LargestEfCore,
        _ => true,
    };

    /// <summary>The hand-written store on the same engine as an EF Core kind, which its rows are compared with; <see langword="null"/> for the others.</summary>
    public static StoreKind? HandWritten(StoreKind kind) => kind switch
    {
        StoreKind.EfCoreSqlite => StoreKind.Sqlite,
        StoreKind.EfCorePostgreSql => StoreKind.PostgreSql,
        _ => null,
    };

    /// <summary>
    /// Where database files live: <c>UONET_ACCESS_BENCH_DATA</c>, or a folder under the temporary directory. Seeded
    /// databases are kept there between runs (their seeding takes minutes at a million records).
    /// </summary>
    public static string DataFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("UONET_ACCESS_BENCH_DATA") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Path.GetTempPath(), "uonet-access-benchmarks");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>
    /// A store holding <see cref="SchoolData"/>'s <paramref name="recordCount"/> records, seeded once per store kind and
    /// size and reused by later processes (the data is deterministic); the in-memory store is seeded every time.
    /// </summary>
    public static async Task<SeededStore> SeededAsync(StoreKind kind, int recordCount)
    {
        switch (kind)
        {
            case StoreKind.InMemory:
            {
                var store = new InMemoryAccessStore();
                await SchoolData.SeedAsync(store, store, recordCount, writers: 1, CancellationToken.None);
                return new SeededStore(store, store, null);
            }

            case StoreKind.Sqlite:
            {
                var path = SeededSqlitePath(recordCount);
                if (!File.Exists(path))
                {
                    // Seeded under another name and renamed when complete, so an interrupted seeding is never reused.
                    var seeding = path + ".seeding";
                    DeleteSqlite(seeding);
                    var fresh = new SqliteAccessStore($"Data Source={seeding}");
                    await fresh.MigrateAsync(CancellationToken.None);
                    await SchoolData.SeedAsync(fresh, fresh, recordCount, SeedingWriters, CancellationToken.None);
                    SqliteConnection.ClearAllPools();
                    File.Move(seeding, path);
                }

                var store = new SqliteAccessStore($"Data Source={path}");
                await store.MigrateAsync(CancellationToken.None);
                return new SeededStore(store, store, null);
            }

            case StoreKind.PostgreSql:
            {
                var connectionString = PostgreSqlConnectionString ?? throw new InvalidOperationException($"{PostgreSqlVariable} is not set.");
                var schema = SeededSchema(recordCount);
                if (!await IsSeededAsync(connectionString, schema))
                {
                    // The same rows the store's writes would store, copied in bulk (ten million records in minutes); the
                    // schema counts as seeded only once complete, so an interrupted seeding is started over.
                    await ExecuteAsync(connectionString, $"DROP SCHEMA IF EXISTS {schema} CASCADE;");
                    await PostgreSqlBulkSeeding.SeedAsync(connectionString, schema, recordCount);
                    await ExecuteAsync(connectionString, $"CREATE SCHEMA IF NOT EXISTS {SeedingSchema}; CREATE TABLE IF NOT EXISTS {SeedingSchema}.seeded (schema_name text PRIMARY KEY); INSERT INTO {SeedingSchema}.seeded VALUES ('{schema}');");
                }

                var store = PostgreSqlAccessStore.Create(connectionString, schema);
                await store.MigrateAsync(CancellationToken.None);
                return new SeededStore(store, store, store);
            }

            case StoreKind.EfCoreSqlite:
            {
                var path = Path.Combine(DataFolder, $"school-{recordCount}-efcore.db");
                if (!File.Exists(path))
                {
                    var seeding = path + ".seeding";
                    DeleteSqlite(seeding);
                    var fresh = await EfCoreStoreAsync(EfCoreSqliteOptions(seeding));
                    await SchoolData.SeedAsync(fresh, fresh, recordCount, SeedingWriters, CancellationToken.None);
                    SqliteConnection.ClearAllPools();
                    File.Move(seeding, path);
                }

                var store = await EfCoreStoreAsync(EfCoreSqliteOptions(path));
                return new SeededStore(store, store, null);
            }

            case StoreKind.EfCorePostgreSql:
            {
                var connectionString = PostgreSqlConnectionString ?? throw new InvalidOperationException($"{PostgreSqlVariable} is not set.");
                var database = $"uaef_school_{recordCount}";
                if (!await DatabaseExistsAsync(connectionString, database))
                {
                    // Seeded under another name and renamed when complete, so an interrupted seeding is never reused.
                    var seeding = database + "_seeding";
                    await ExecuteAsync(connectionString, $"DROP DATABASE IF EXISTS {seeding} WITH (FORCE);");
                    await ExecuteAsync(connectionString, $"CREATE DATABASE {seeding};");
                    var fresh = await EfCoreStoreAsync(EfCorePostgreSqlOptions(connectionString, seeding));
                    await SchoolData.SeedAsync(fresh, fresh, recordCount, SeedingWriters, CancellationToken.None);
                    NpgsqlConnection.ClearAllPools();
                    await ExecuteAsync(new NpgsqlConnectionStringBuilder(connectionString) { Database = seeding }.ToString(), "ANALYZE;");
                    NpgsqlConnection.ClearAllPools();
                    await ExecuteAsync(connectionString, $"ALTER DATABASE {seeding} RENAME TO {database};");
                }

                var store = await EfCoreStoreAsync(EfCorePostgreSqlOptions(connectionString, database));
                return new SeededStore(store, store, null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");
        }
    }

    /// <summary>The file of the SQLite store seeded with <paramref name="recordCount"/> records.</summary>
    public static string SeededSqlitePath(int recordCount) => Path.Combine(DataFolder, $"school-{recordCount}.db");

    /// <summary>The PostgreSQL schema seeded with <paramref name="recordCount"/> records.</summary>
    public static string SeededSchema(int recordCount) => $"school_{recordCount}";

    /// <summary>
    /// Registers an empty store of the kind in a host's container, as the host would (<c>UseSqlite(...)</c>…), and
    /// returns what deletes it afterwards.
    /// </summary>
    public static IAsyncDisposable Use(UonetAccessBuilder builder, StoreKind kind)
    {
        switch (kind)
        {
            case StoreKind.InMemory:
                builder.UseInMemoryStore();
                return new Cleanup(() => Task.CompletedTask);
            case StoreKind.Sqlite:
            {
                var path = Path.Combine(DataFolder, $"world-{Guid.NewGuid():N}.db");
                builder.UseSqlite($"Data Source={path}");
                return new Cleanup(() =>
                {
                    SqliteConnection.ClearAllPools();
                    DeleteSqlite(path);
                    return Task.CompletedTask;
                });
            }

            case StoreKind.PostgreSql:
            {
                var connectionString = PostgreSqlConnectionString ?? throw new InvalidOperationException($"{PostgreSqlVariable} is not set.");
                var schema = $"world_{Guid.NewGuid():N}";
                builder.UsePostgreSql(connectionString, schema: schema);
                return new Cleanup(() => ExecuteAsync(connectionString, $"DROP SCHEMA IF EXISTS {schema} CASCADE;"));
            }

            case StoreKind.EfCoreSqlite or StoreKind.EfCorePostgreSql:
            {
                var empty = EmptyEfCoreAsync(kind).GetAwaiter().GetResult();
                builder.UseStore(_ => empty.Store);
                return empty;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");
        }
    }

    /// <summary>
    /// A migrated, empty EF Core store of <paramref name="kind"/> (a file of its own, or a database of its own on the
    /// server), with the pooled contexts it takes its connections from; disposing it deletes the file or database.
    /// </summary>
    public static async Task<EmptyEfCoreStore> EmptyEfCoreAsync(StoreKind kind)
    {
        switch (kind)
        {
            case StoreKind.EfCoreSqlite:
            {
                var path = Path.Combine(DataFolder, $"world-{Guid.NewGuid():N}-efcore.db");
                var contexts = await MigratedContextsAsync(EfCoreSqliteOptions(path));
                return new EmptyEfCoreStore(contexts, new Cleanup(() =>
                {
                    SqliteConnection.ClearAllPools();
                    DeleteSqlite(path);
                    return Task.CompletedTask;
                }));
            }

            case StoreKind.EfCorePostgreSql:
            {
                var connectionString = PostgreSqlConnectionString ?? throw new InvalidOperationException($"{PostgreSqlVariable} is not set.");
                var database = $"uaef_world_{Guid.NewGuid():N}";
                await ExecuteAsync(connectionString, $"CREATE DATABASE {database};");
                var contexts = await MigratedContextsAsync(EfCorePostgreSqlOptions(connectionString, database));
                return new EmptyEfCoreStore(contexts, new Cleanup(async () =>
                {
                    NpgsqlConnection.ClearAllPools();
                    await ExecuteAsync(connectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE);");
                }));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an EF Core store kind.");
        }
    }

    private static DbContextOptions<UonetAccessDbContext> EfCoreSqliteOptions(string path) =>
        new DbContextOptionsBuilder<UonetAccessDbContext>().UseSqlite($"Data Source={path}").UseUonetAccessSqlite().Options;

    private static DbContextOptions<UonetAccessDbContext> EfCorePostgreSqlOptions(string connectionString, string database) =>
        new DbContextOptionsBuilder<UonetAccessDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ToString())
            .Options;

    /// <summary>A migrated EF Core store over pooled contexts of <paramref name="options"/>, as a host would build it.</summary>
    private static async Task<EntityFrameworkCoreAccessStore<UonetAccessDbContext>> EfCoreStoreAsync(DbContextOptions<UonetAccessDbContext> options) =>
        new(await MigratedContextsAsync(options));

    /// <summary>Pooled contexts of <paramref name="options"/> (<c>AddPooledDbContextFactory</c>, as a host registers them) over a migrated database.</summary>
    private static async Task<PooledDbContextFactory<UonetAccessDbContext>> MigratedContextsAsync(DbContextOptions<UonetAccessDbContext> options)
    {
        var contexts = new PooledDbContextFactory<UonetAccessDbContext>(options);
        await using (var context = await contexts.CreateDbContextAsync())
        {
            await UonetAccessDatabase.MigrateAsync(context, CancellationToken.None);
        }

        return contexts;
    }

    private static async Task<bool> DatabaseExistsAsync(string connectionString, string database)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1);", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return await command.ExecuteScalarAsync() is true;
    }

    private static async Task<bool> IsSeededAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {SeedingSchema}.seeded WHERE schema_name = $1);", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        try
        {
            return await command.ExecuteScalarAsync() is true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Nothing was ever seeded on this server.
            return false;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void DeleteSqlite(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private sealed class Cleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }
}

/// <summary>An empty EF Core store, the pooled contexts whose connections it uses, and what deletes its database.</summary>
internal sealed class EmptyEfCoreStore(IDbContextFactory<UonetAccessDbContext> contexts, IAsyncDisposable cleanup) : IAsyncDisposable
{
    public IDbContextFactory<UonetAccessDbContext> Contexts { get; } = contexts;

    public EntityFrameworkCoreAccessStore<UonetAccessDbContext> Store { get; } = new(contexts);

    public ValueTask DisposeAsync() => cleanup.DisposeAsync();
}

/// <summary>A seeded store seen through the interfaces the resolver uses, and what releases it.</summary>
internal sealed record SeededStore(ISchoolDirectoryStore Directory, IStudentRecordStore Records, IAsyncDisposable? Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
