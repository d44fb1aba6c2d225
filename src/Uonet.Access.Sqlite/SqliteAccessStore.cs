using System.Globalization;
using Microsoft.Data.Sqlite;
using Uonet.Access.Storage;

namespace Uonet.Access.Sqlite;

/// <summary>
/// Every Uonet.Access store contract over one SQLite file (Microsoft.Data.Sqlite): the embedded default for a single
/// machine. Safe under concurrent use from one process: each operation opens its own (pooled) connection, and every
/// operation that reads before it writes runs in one transaction begun with <c>BEGIN IMMEDIATE</c>, so the check and
/// the write are atomic. The statements every request runs (whom an address sees, the session and device snapshots,
/// the replay-cache entry) run instead on a few connections the store keeps open with those statements prepared, one
/// operation at a time each; <see cref="Dispose"/> closes them. Several processes on one machine may share the file
/// (SQLite locks it), but the path past one machine is a server database.
/// </summary>
/// <remarks>
/// Each connection runs with <c>journal_mode=WAL</c>, <c>foreign_keys=ON</c>, <c>busy_timeout=5000</c> and
/// <c>synchronous=NORMAL</c>. The schema belongs to this library: call <see cref="MigrateAsync"/> once before use
/// (<c>UseSqlite</c> does it at start-up by default); an operation on a database at another schema version throws
/// <see cref="InvalidOperationException"/>. Values longer than the store's limits (see the package README) or holding
/// invalid UTF-16 are refused with an <see cref="ArgumentException"/> naming the field, before anything is written.
/// </remarks>
public sealed partial class SqliteAccessStore : ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IPasskeyStore
{
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly TimeProvider _time;

    // Checked once per store instance; a database migrated later by another process is then taken as it is.
    private volatile bool _schemaReady;

    /// <summary>Creates a store over a SQLite file.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g.
    /// <c>Data Source=uonet-access.db</c>. In-memory and temporary databases are refused: operations open connections of
    /// their own, and such a database would vanish between them.</param>
    /// <param name="timeProvider">The clock for the times the store writes on its own (when a migration was applied);
    /// <see langword="null"/> means <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The connection string is empty, malformed, or names no file.</exception>
    public SqliteAccessStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            throw new ArgumentException(
                "The SQLite store needs a database file (e.g. \"Data Source=uonet-access.db\"): an in-memory or temporary database is lost between the store's connections. For tests and demos use UseInMemoryStore().",
                nameof(connectionString));
        }

        _connectionString = builder.ToString();
        _dataSource = builder.DataSource;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The schema version this library reads and writes, recorded in the <c>schema_version</c> table.</summary>
    public static int SchemaVersion => SqliteSchema.Latest;

    /// <summary>
    /// Brings the database to <see cref="SchemaVersion"/>: creates the file and the <c>schema_version</c> table if needed
    /// and applies, in one transaction, every migration the database has not seen yet, recording each. Idempotent, and
    /// safe when several processes start together (the second waits, then finds nothing to do).
    /// </summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer version of this library, or
    /// the file cannot be switched to WAL mode.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateToAsync(SqliteSchema.Latest, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/> only (tests of upgrades from older versions).</summary>
    internal async Task MigrateToAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var wal = Sql.Command(connection, null, "PRAGMA journal_mode = WAL;"))
        {
            var mode = Convert.ToString(await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The SQLite database '{_dataSource}' cannot use WAL mode (its journal mode stays '{mode}'); put it on a local file system.");
            }
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var create = Sql.Command(connection, transaction, SqliteSchema.CreateVersionTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > SqliteSchema.Latest)
        {
            throw NewerSchema(current);
        }

        foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version > current && m.Version <= targetVersion))
        {
            await using (var script = Sql.Command(connection, transaction, migration.ReadScript()))
            {
                await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = Sql.Command(connection, transaction, "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $at);")
                .With("$version", migration.Version)
                .With("$description", migration.Description)
                .With("$at", Sql.Time(_time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _schemaReady = Math.Max(current, targetVersion) == SqliteSchema.Latest;
    }

    /// <summary>Opens a connection for one operation, checking the schema version on the store's first use.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaReady)
        {
            return connection;
        }

        try
        {
            await using (var exists = Sql.Command(connection, null, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';"))
            {
                var version = Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0
                    ? 0
                    : await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
                if (version > SqliteSchema.Latest)
                {
                    throw NewerSchema(version);
                }

                if (version < SqliteSchema.Latest)
                {
                    throw new InvalidOperationException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The SQLite database '{_dataSource}' is at schema version {version}; this library needs version {SqliteSchema.Latest}. Call SqliteAccessStore.MigrateAsync first (UseSqlite does it at start-up unless migrateOnStart is false)."));
                }
            }

            _schemaReady = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per-connection settings: a pooled connection keeps them, but one opened by a caller's own code may not.
            await using var pragmas = Sql.Command(connection, null, ConnectionPragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Begins the write transaction of one operation: <c>BEGIN IMMEDIATE</c>, so that what it reads stays true until it commits.</summary>
    private static SqliteTransaction BeginWrite(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    private static async Task<long> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private InvalidOperationException NewerSchema(long version) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"The SQLite database '{_dataSource}' is at schema version {version}, newer than this library's {SqliteSchema.Latest}: update Uonet.Access.Sqlite."));
}
