using System.Collections.Concurrent;
using System.Data.Common;
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
    private const string FirstConnection = EveryConnection + " PRAGMA journal_mode = WAL;";

    private readonly ConcurrentDictionary<string, bool> _filesInWal = new(StringComparer.Ordinal);

    private SqliteConnectionSettings()
    {
    }

    /// <summary>One instance for every context: EF Core then keeps one internal service provider for them.</summary>
    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsSqlite(eventData))
        {
            using var command = connection.CreateCommand();
            command.CommandText = SettingsFor(connection);
            command.ExecuteNonQuery();
            _filesInWal.TryAdd(connection.DataSource, true);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsSqlite(eventData))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SettingsFor(connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _filesInWal.TryAdd(connection.DataSource, true);
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

    private string SettingsFor(DbConnection connection) =>
        _filesInWal.ContainsKey(connection.DataSource) ? EveryConnection : FirstConnection;
}
