using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.DependencyInjection;
using Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore.Tests;

/// <summary>
/// On SQLite the store needs each connection set up as the hand-written store sets up its own (a writer under
/// contention waits for the lock inside SQLite); a context configured without it is refused where the store is made.
/// </summary>
public sealed class SqliteSettingsTests : IDisposable
{
    // busy_timeout, foreign_keys, synchronous (1 = NORMAL), journal_mode.
    private static readonly string[] StoreSettings = ["5000", "1", "1", "wal"];

    private readonly string _path = Path.Combine(Path.GetTempPath(), "uonet-access-efcore-tests", $"{Guid.NewGuid():N}.db");

    public SqliteSettingsTests() => Directory.CreateDirectory(Path.GetDirectoryName(_path)!);

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    [Fact]
    public async Task UseUonetAccessSqlite_ConnectionOpened_HasTheStoreSettings()
    {
        await using var context = new UonetAccessDbContext(Options());

        await context.Database.OpenConnectionAsync();

        Assert.Equal(StoreSettings, await SettingsAsync(context));
    }

    [Fact]
    public async Task UseUonetAccessSqlite_ConnectionOpenedAgain_KeepsTheSettings()
    {
        // The file's first connection switched it to WAL; each later one still gets the per-connection settings, on
        // the synchronous path too.
        await using (var first = new UonetAccessDbContext(Options()))
        {
            await first.Database.OpenConnectionAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var second = new UonetAccessDbContext(Options());
        second.Database.OpenConnection();

        Assert.Equal(StoreSettings, await SettingsAsync(second));
    }

    [Fact]
    public async Task MigrateAsync_ExistingFileInRollbackJournalMode_MigratesAndSwitchesItToWal()
    {
        // A file another tool made (sqlite3, an older app), probed by EF Core before it migrates.
        await CreateFileInRollbackJournalModeAsync();
        await using var context = new UonetAccessDbContext(Options());

        Assert.True(await context.Database.CanConnectAsync());
        await UonetAccessDatabase.MigrateAsync(context, CancellationToken.None);
        await context.Database.OpenConnectionAsync();

        Assert.Equal(StoreSettings, await SettingsAsync(context));
    }

    [Fact]
    public async Task UseUonetAccessSqlite_ReadOnlyConnectionFirst_OpensAndTheNextWritableOneSwitchesToWal()
    {
        // A read-only connection cannot switch a file's journal mode ("attempt to write a readonly database"), so it
        // gets the per-connection settings only, and the file is not remembered as switched.
        await CreateFileInRollbackJournalModeAsync();
        var readOnly = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using (var reader = new UonetAccessDbContext(new DbContextOptionsBuilder<UonetAccessDbContext>().UseSqlite(readOnly).UseUonetAccessSqlite().Options))
        {
            await reader.Database.OpenConnectionAsync();
            Assert.Equal(["5000", "1", "1", "delete"], await SettingsAsync(reader));
        }

        await using var writer = new UonetAccessDbContext(Options());
        await writer.Database.OpenConnectionAsync();

        Assert.Equal(StoreSettings, await SettingsAsync(writer));
    }

    [Fact]
    public async Task BeginTransactionAsync_SqliteContext_HoldsTheWriteLockFromBegin()
    {
        // The store's read-then-write transactions rely on it: a lock taken at BEGIN is one busy_timeout can wait for,
        // while a read lock upgraded later fails with SQLITE_BUSY that no waiting resolves.
        await using var context = new UonetAccessDbContext(Options());
        await context.Database.OpenConnectionAsync();
        await using var other = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await other.OpenAsync();
        await using var noWait = other.CreateCommand();
        noWait.CommandText = "PRAGMA busy_timeout = 0;";
        await noWait.ExecuteNonQueryAsync();

        await using var transaction = await context.Database.BeginTransactionAsync();

        await using var write = other.CreateCommand();
        write.CommandText = "BEGIN IMMEDIATE;";
        write.CommandTimeout = 1;
        var error = await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync());
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
    }

    [Fact]
    public void Store_SqliteContextWithoutTheSettings_RefusedWithTheFix()
    {
        var contexts = new PooledDbContextFactory<UonetAccessDbContext>(new DbContextOptionsBuilder<UonetAccessDbContext>().UseSqlite(ConnectionString).Options);

        var error = Assert.Throws<InvalidOperationException>(() => new EntityFrameworkCoreAccessStore<UonetAccessDbContext>(contexts));

        Assert.Contains(".UseUonetAccessSqlite()", error.Message, StringComparison.Ordinal);
        Assert.Contains("UonetAccessDbContext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseEntityFrameworkCore_SqliteContextWithoutTheSettings_RefusedWhenTheStoreIsResolved()
    {
        var services = new ServiceCollection();
        services.AddDbContextFactory<UonetAccessDbContext>(o => o.UseSqlite(ConnectionString));
        services.AddUonetAccess(_ => { }).UseEntityFrameworkCore<UonetAccessDbContext>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICredentialStore>());

        Assert.Contains(".UseUonetAccessSqlite()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_PostgreSqlContextWithoutTheSettings_Accepted()
    {
        var contexts = new PooledDbContextFactory<UonetAccessDbContext>(new DbContextOptionsBuilder<UonetAccessDbContext>().UseNpgsql("Host=localhost;Database=uonet_access").Options);

        var store = new EntityFrameworkCoreAccessStore<UonetAccessDbContext>(contexts);

        Assert.NotNull(store);
    }

    private async Task CreateFileInRollbackJournalModeAsync()
    {
        await using var raw = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE; CREATE TABLE app_notes (id INTEGER PRIMARY KEY);";
        await command.ExecuteNonQueryAsync();
    }

    private DbContextOptions<UonetAccessDbContext> Options() =>
        new DbContextOptionsBuilder<UonetAccessDbContext>().UseSqlite(ConnectionString).UseUonetAccessSqlite().Options;

    private static async Task<string[]> SettingsAsync(DbContext context)
    {
        var values = new List<string>();
        foreach (var name in new[] { "busy_timeout", "foreign_keys", "synchronous", "journal_mode" })
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            values.Add(Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!);
        }

        return [.. values];
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
