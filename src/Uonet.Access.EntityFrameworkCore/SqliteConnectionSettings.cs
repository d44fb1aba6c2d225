using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Uonet.Access.EntityFrameworkCore;

/// <summary>
/// The settings the store needs of every SQLite connection, applied when EF Core opens one
/// (<see cref="UonetAccessSqliteOptionsExtensions.UseUonetAccessSqlite(DbContextOptionsBuilder)"/>): the same as the
/// hand-written SQLite store's.
/// </summary>
/// <remarks>
/// Without <c>busy_timeout</c>, a writer that finds the file locked gets <c>SQLITE_BUSY</c> at once and
/// Microsoft.Data.Sqlite retries it after sleeping 150 ms; 32 writers taking turns then wait seconds for work of
/// milliseconds. With it, SQLite itself waits for the lock and the writer goes on as soon as it is free.
/// </remarks>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string EveryConnection = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    // journal_mode stays with the file: switching once per file and process is enough, and spares each later open a
    // statement that takes a lock.
    private const string SwitchToWal = "PRAGMA journal_mode = WAL;";

    private readonly ConcurrentDictionary<string, bool> _filesInWal = new(StringComparer.Ordinal);

    private SqliteConnectionSettings()
    {
    }

    /// <summary>One instance for every context: EF Core then keeps one internal service provider for them.</summary>
    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsSqlite(eventData))
        {
            return;
        }

        using (var settings = connection.CreateCommand())
        {
            settings.CommandText = EveryConnection;
            settings.ExecuteNonQuery();
        }

        if (NeedsWal(connection))
        {
            using var wal = connection.CreateCommand();
            wal.CommandText = SwitchToWal;
            Remember(connection, wal.ExecuteScalar());
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsSqlite(eventData))
        {
            return;
        }

        await using (var settings = connection.CreateCommand())
        {
            settings.CommandText = EveryConnection;
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (NeedsWal(connection))
        {
            await using var wal = connection.CreateCommand();
            wal.CommandText = SwitchToWal;
            Remember(connection, await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Fails when <paramref name="context"/> runs on SQLite without these settings: the store would be correct but
    /// slow under contention, which shows only under load, so it is refused where the store is made.
    /// </summary>
    public static void EnsureUsedBy(DbContext context)
    {
        if (context.Database.ProviderName != ShippedMigrations.SqliteProvider)
        {
            return;
        }

        var interceptors = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors;
        if (interceptors is null || !interceptors.Contains(Instance))
        {
            var name = context.GetType().Name;
            throw new InvalidOperationException(
                $"The Uonet.Access EF Core store runs on SQLite here, but {name} is configured without the store's SQLite settings (busy_timeout, foreign_keys, WAL): without them writers under contention wait in 150 ms steps. Add .UseUonetAccessSqlite() after UseSqlite(...) where the context is configured, e.g. services.AddDbContextFactory<{name}>(options => options.UseSqlite(connectionString).UseUonetAccessSqlite()).");
        }
    }

    private static bool IsSqlite(ConnectionEndEventData eventData) =>
        eventData.Context?.Database.ProviderName == ShippedMigrations.SqliteProvider;

    // EF Core probes whether a file exists with a connection of its own in Mode=ReadOnly (Migrate, EnsureCreated,
    // CanConnect), and a read-only connection cannot switch a file in another journal mode to WAL: it fails with
    // "attempt to write a readonly database". The next writable connection switches it.
    private bool NeedsWal(DbConnection connection) =>
        !_filesInWal.ContainsKey(connection.DataSource)
        && !(new DbConnectionStringBuilder { ConnectionString = connection.ConnectionString }.TryGetValue("Mode", out var mode)
            && string.Equals(Convert.ToString(mode, CultureInfo.InvariantCulture), "ReadOnly", StringComparison.OrdinalIgnoreCase));

    // Only a file SQLite answered "wal" for is remembered (an in-memory database answers "memory" and has no journal to
    // switch): one that could not switch, e.g. locked by another process's transaction, is tried again next time.
    private void Remember(DbConnection connection, object? journalMode)
    {
        if (Convert.ToString(journalMode, CultureInfo.InvariantCulture) is { } mode
            && (mode.Equals("wal", StringComparison.OrdinalIgnoreCase) || mode.Equals("memory", StringComparison.OrdinalIgnoreCase)))
        {
            _filesInWal.TryAdd(connection.DataSource, true);
        }
    }
}
