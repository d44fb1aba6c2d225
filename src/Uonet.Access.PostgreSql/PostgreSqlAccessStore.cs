using System.Data.Common;
using System.Globalization;
using Npgsql;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

/// <summary>
/// Every Uonet.Access store contract over PostgreSQL (Npgsql): the path past one machine. Several application processes
/// on several machines may share one database, and every invariant of the contracts holds across them, because each
/// rests on the database alone: single use (link tokens, pairing tickets) is one conditional <c>UPDATE … RETURNING</c>,
/// counters are one <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, outbox claims take rows with
/// <c>FOR UPDATE SKIP LOCKED</c>, record and account writes are conditional on their version, and every operation that
/// writes more than one row runs in one transaction.
/// </summary>
/// <remarks>
/// The tables live in one PostgreSQL schema (<see cref="DefaultSchema"/> unless another is named), so they can sit
/// beside an application's own tables in one database. The schema belongs to this library: call
/// <see cref="MigrateAsync"/> before use (<c>UsePostgreSql</c> does it at start-up by default); an operation on a schema
/// at another version throws <see cref="InvalidOperationException"/>. Values longer than the store's limits (see the
/// package README), holding invalid UTF-16 or a NUL character are refused with an <see cref="ArgumentException"/> naming
/// the field, before anything is written. Times are kept to the microsecond, PostgreSQL's precision.
/// </remarks>
public sealed partial class PostgreSqlAccessStore :
    ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IPasskeyStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema the tables live in unless another is named: <c>uonet_access</c>.</summary>
    public const string DefaultSchema = "uonet_access";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _quotedSchema;
    private readonly TimeProvider _time;

    // Checked once per store instance; a schema migrated later by another process is then taken as it is.
    private volatile bool _schemaReady;

    /// <summary>Creates a store over a data source the caller owns (and disposes).</summary>
    /// <param name="dataSource">The Npgsql data source: its pool, credentials and settings are used as they are.</param>
    /// <param name="schema">The PostgreSQL schema that holds the tables, used exactly as written (it is quoted).</param>
    /// <param name="timeProvider">The clock for the times the store writes on its own (when a migration was applied);
    /// <see langword="null"/> means <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The schema name is empty, longer than 63 bytes, or starts with <c>pg_</c>.</exception>
    public PostgreSqlAccessStore(NpgsqlDataSource dataSource, string schema = DefaultSchema, TimeProvider? timeProvider = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, schema, timeProvider)
    {
    }

    /// <summary>
    /// Creates a store with a data source of its own over <paramref name="connectionString"/>: disposing the store
    /// disposes the data source and closes its pooled connections. Unless the connection string sets
    /// <c>Max Auto Prepare</c>, each pooled connection keeps the 64 most used statements prepared (the per-request reads
    /// cost a third of their unprepared time); a data source of the application's own is used as configured.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=school;Username=uonet;Password=…</c>.</param>
    /// <param name="schema">The PostgreSQL schema that holds the tables, used exactly as written (it is quoted).</param>
    /// <param name="timeProvider">The clock for the times the store writes on its own; <see langword="null"/> means the system clock.</param>
    /// <exception cref="ArgumentException">The connection string is empty or malformed, or the schema name is not usable.</exception>
    public static PostgreSqlAccessStore Create(string connectionString, string schema = DefaultSchema, TimeProvider? timeProvider = null) =>
        new(CreateDataSource(connectionString), ownsDataSource: true, schema, timeProvider);

    private PostgreSqlAccessStore(NpgsqlDataSource dataSource, bool ownsDataSource, string schema, TimeProvider? timeProvider)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        try
        {
            _quotedSchema = PostgreSqlSchema.Quote(schema);
        }
        catch when (ownsDataSource)
        {
            dataSource.Dispose();
            throw;
        }

        Schema = schema;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The schema version this library reads and writes, recorded in the <c>schema_version</c> table.</summary>
    public static int SchemaVersion => PostgreSqlSchema.Latest;

    /// <summary>The PostgreSQL schema that holds the store's tables.</summary>
    public string Schema { get; }

    /// <summary>Where the store's connections go (host, port, database; never credentials), for error messages.</summary>
    internal string Where
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
            return string.Create(CultureInfo.InvariantCulture, $"host {settings.Host}, port {settings.Port}, database {settings.Database ?? settings.Username}");
        }
    }

    /// <summary>
    /// Brings the schema to <see cref="SchemaVersion"/>: creates the schema and its <c>schema_version</c> table if needed
    /// and applies, in one transaction, every migration not applied yet, recording each. Idempotent, and safe when several
    /// processes run it at once: the transaction first takes an advisory lock of the schema
    /// (<c>pg_advisory_xact_lock</c>), so the others wait and then find nothing to do.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema was written by a newer version of this library, or the
    /// database does not use the UTF8 encoding.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateToAsync(PostgreSqlSchema.Latest, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/> only (tests of upgrades from older versions).</summary>
    internal async Task MigrateToAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var encoding = Command(connection, "SHOW server_encoding;"))
        {
            var name = (string?)await encoding.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(name, "UTF8", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The PostgreSQL database '{connection.Database}' uses the encoding {name}; the Uonet.Access store needs UTF8 (CREATE DATABASE … ENCODING 'UTF8').");
            }
        }

        await using (var lockSchema = Command(connection, "SELECT pg_advisory_xact_lock(@key);").Long("key", PostgreSqlSchema.LockKey(Schema, "migrate", "")))
        {
            await lockSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = Command(connection, PostgreSqlSchema.CreateVersionTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (current > PostgreSqlSchema.Latest)
        {
            throw NewerSchema(current);
        }

        foreach (var migration in PostgreSqlSchema.Migrations.Where(m => m.Version > current && m.Version <= targetVersion))
        {
            await using (var script = Command(connection, migration.ReadScript()))
            {
                await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = Command(connection, "INSERT INTO {schema}.schema_version (version, description, applied_at) VALUES (@version, @description, @at);")
                .Int("version", migration.Version)
                .Text("description", migration.Description)
                .Time("at", _time.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _schemaReady = Math.Max(current, targetVersion) == PostgreSqlSchema.Latest;
    }

    /// <summary>Disposes the data source when the store created it; one given to the store stays the caller's.</summary>
    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Disposes the data source when the store created it; one given to the store stays the caller's.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>Opens a pooled connection for one operation, checking the schema version on the store's first use.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaReady)
        {
            return connection;
        }

        try
        {
            long version = 0;
            await using (var exists = Command(connection, "SELECT to_regclass(@table) IS NOT NULL;").Text("table", _quotedSchema + ".schema_version"))
            {
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
                }
            }

            if (version > PostgreSqlSchema.Latest)
            {
                throw NewerSchema(version);
            }

            if (version < PostgreSqlSchema.Latest)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The PostgreSQL schema '{Schema}' of database '{connection.Database}' is at version {version}; this library needs version {PostgreSqlSchema.Latest}. Call PostgreSqlAccessStore.MigrateAsync first (UsePostgreSql does it at start-up unless migrateOnStart is false)."));
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

    /// <summary>A command on <paramref name="connection"/> (and its open transaction, if any) with the schema named in its text.</summary>
    private NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql.Replace(PostgreSqlSchema.Placeholder, _quotedSchema, StringComparison.Ordinal);
        return command;
    }

    /// <summary>
    /// Serializes, until the current transaction ends, every transaction of every process that locks the same thing;
    /// used where an invariant spans rows that may not exist yet (the one open token of an address).
    /// </summary>
    private async Task LockAsync(NpgsqlConnection connection, string purpose, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT pg_advisory_xact_lock(@key);").Long("key", PostgreSqlSchema.LockKey(Schema, purpose, key));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT coalesce(max(version), 0) FROM {schema}.schema_version;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private InvalidOperationException NewerSchema(long version) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"The PostgreSQL schema '{Schema}' is at version {version}, newer than this library's {PostgreSqlSchema.Latest}: update Uonet.Access.PostgreSql."));

    /// <summary>How many statements each pooled connection keeps prepared when the connection string does not say.</summary>
    private const int AutoPreparedStatements = 64;

    private static bool IsAutoPrepareKey(string key) =>
        string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase);

    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);

            // Every page view and phone request runs the same few statements: prepared once per pooled connection they
            // skip parsing and planning on the server (RequestPathBenchmarks: session validation 3.5 × a bare SELECT 1
            // with it, 12 × without). A connection string that names the setting keeps its own value (0 turns it off,
            // e.g. behind PgBouncer in transaction mode before 1.21).
            if (!new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>().Any(IsAutoPrepareKey))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
            }

            return builder.Build();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {error.Message}", nameof(connectionString), error);
        }
    }
}
