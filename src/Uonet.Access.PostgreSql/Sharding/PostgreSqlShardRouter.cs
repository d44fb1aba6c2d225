using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql.Sharding;

/// <summary>
/// Every Uonet.Access store contract over several PostgreSQL databases, one <see cref="PostgreSqlAccessStore"/> (and one
/// connection pool) per database, with instances spread over them by <see cref="PostgreSqlShardOptions"/>: the path past
/// one database. Instances are independent tenants, so every operation that names an instance (a symbol, or an account,
/// session, device, ticket, token, passkey, event or mail that carries one) runs in that instance's database alone, with
/// every invariant of the PostgreSQL store (single use, counters, claims) resting on that one database as before.
/// </summary>
/// <remarks>
/// <para>An operation keyed only by an id or a hash (a session, a device, an account id, a link token, a pairing token, a
/// passkey challenge) asks every database at once and takes the one that has it: ids and token hashes are random and
/// unique, so at most one database holds a row, and a single-use write (a conditional <c>UPDATE</c> or <c>DELETE …
/// RETURNING</c>) stays single use. Where an id was found, or written, is remembered by the process (an id never moves),
/// so the per-request reads after the first go to one database. Unknown and known ids cost the same fan-out.</para>
/// <para>What spans instances: the directory listing and the search by e-mail read every database; the outbox dispatcher
/// claims from each database in turn (a claim is still <c>FOR UPDATE SKIP LOCKED</c> in the database of the mail, so two
/// dispatchers never share a message); retention deletes in every database. A link between accounts in two databases
/// (R6) is kept as one side in each; it counts only while both sides exist, so a link half written or half removed by
/// a failure links nothing. A batch of record writes must stay in one database (an instance's records always do): one
/// spanning two is refused before anything is written.</para>
/// <para>A database that does not answer fails the operations that need it with a
/// <see cref="PostgreSqlShardUnavailableException"/> naming it; instances kept elsewhere keep working.</para>
/// </remarks>
public sealed partial class PostgreSqlShardRouter :
    ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore,
    IRetentionStore, IPasskeyStore, IRequestSnapshotStore, IAsyncDisposable, IDisposable
{
    // Enough for the live sessions and devices of a busy node; past it the memory starts again (a miss costs one fan-out).
    private const int RememberedPlacements = 200_000;

    private readonly PostgreSqlShard[] _shards;
    private readonly PostgreSqlShard _default;
    private readonly Dictionary<string, PostgreSqlShard> _bySymbol;
    private readonly ConcurrentDictionary<Guid, PostgreSqlShard> _placements = new();
    private int _claimTurn;
    private int _remembered;

    private PostgreSqlShardRouter(PostgreSqlShard[] shards, PostgreSqlShard defaultShard, Dictionary<string, PostgreSqlShard> bySymbol)
    {
        _shards = shards;
        _default = defaultShard;
        _bySymbol = bySymbol;
    }

    /// <summary>
    /// Creates the router: validates <paramref name="options"/> (all problems reported together) and creates one
    /// connection pool and store per distinct connection string. Nothing is connected yet; call
    /// <see cref="MigrateAsync"/> before use (<c>UsePostgreSqlShards</c> does it at start-up by default).
    /// </summary>
    /// <param name="options">The map of instances to databases.</param>
    /// <param name="timeProvider">The clock for the times the stores write on their own; <see langword="null"/> means the system clock.</param>
    /// <exception cref="OptionsValidationException">The options are not usable; every failure says what to change.</exception>
    public static PostgreSqlShardRouter Create(PostgreSqlShardOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(nameof(PostgreSqlShardOptions), typeof(PostgreSqlShardOptions), problems);
        }

        // One pool per database: connection strings that differ only in spelling (order, case of keys) name one database.
        var symbolsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var defaultKey = Canonical(options.DefaultConnectionString!);
        symbolsOf[defaultKey] = [];
        var databaseOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in options.Instances)
        {
            _ = InstanceSymbol.TryNormalize(entry.Symbol, out var symbol);
            var key = Canonical(entry.ConnectionString!);
            if (!symbolsOf.TryGetValue(key, out var symbols))
            {
                symbolsOf[key] = symbols = [];
            }

            symbols.Add(symbol);
            databaseOf[symbol] = key;
        }

        var created = new List<PostgreSqlShard>();
        try
        {
            var byKey = new Dictionary<string, PostgreSqlShard>(StringComparer.Ordinal);
            foreach (var (key, symbols) in symbolsOf)
            {
                symbols.Sort(StringComparer.Ordinal);
                var shard = new PostgreSqlShard(PostgreSqlAccessStore.CreateDataSource(key), options.Schema, timeProvider, symbols, key == defaultKey);
                created.Add(shard);
                byKey[key] = shard;
            }

            var bySymbol = databaseOf.ToDictionary(p => p.Key, p => byKey[p.Value], StringComparer.Ordinal);
            return new PostgreSqlShardRouter([.. created], byKey[defaultKey], bySymbol);
        }
        catch
        {
            foreach (var shard in created)
            {
                shard.DataSource.Dispose();
            }

            throw;
        }
    }

    /// <summary>How many databases the router spreads the instances over.</summary>
    public int DatabaseCount => _shards.Length;

    /// <summary>
    /// Brings the schema of every database to <see cref="PostgreSqlAccessStore.SchemaVersion"/> (each as
    /// <see cref="PostgreSqlAccessStore.MigrateAsync"/> does, all at once), then checks that every instance already stored
    /// is in the database the map sends it to: an instance found elsewhere (the map changed, its rows were not moved)
    /// would look empty, so it stops the start instead.
    /// </summary>
    /// <exception cref="PostgreSqlShardUnavailableException">A database did not answer.</exception>
    /// <exception cref="InvalidOperationException">An instance is stored in another database than the map says, or a
    /// schema cannot be migrated (see <see cref="PostgreSqlAccessStore.MigrateAsync"/>).</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_shards.Select(s => s.RunAsync(store => store.MigrateAsync(cancellationToken)))).ConfigureAwait(false);
        var misplaced = new List<string>();
        foreach (var shard in _shards)
        {
            foreach (var instance in await shard.RunAsync(store => store.ListInstancesAsync(cancellationToken)).ConfigureAwait(false))
            {
                if (ShardOf(instance.Symbol) != shard)
                {
                    misplaced.Add($"instance '{instance.Symbol}' is stored in {shard.Where} but the map sends it to {ShardOf(instance.Symbol).Where}");
                }
            }
        }

        if (misplaced.Count > 0)
        {
            throw new InvalidOperationException(
                $"The shard map does not match where instances are stored: {string.Join("; ", misplaced)}. Move the instance's rows to the database the map names, or map it back to where it is.");
        }
    }

    /// <summary>Closes every database's connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _shards)
        {
            await shard.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes every database's connection pool.</summary>
    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard.DataSource.Dispose();
        }
    }

    /// <summary>The database of an instance: its own when mapped, else the default one (also for what names no instance).</summary>
    internal PostgreSqlShard ShardOf(string? symbol) =>
        symbol is not null && _bySymbol.TryGetValue(symbol, out var shard) ? shard : _default;

    /// <summary>Where <paramref name="symbol"/> is kept (host, port, database), for tests and messages.</summary>
    internal string WhereIs(string symbol) => ShardOf(symbol).Where;

    /// <summary>
    /// The database of a write: that of the first instance named, which is the entity written (an account, token,
    /// session, device, passkey); a mail or security event written with it rides in the same transaction, as in one
    /// database. With no instance named, the default database.
    /// </summary>
    private PostgreSqlShard ShardOfFirst(params string?[] symbols) => ShardOf(symbols.FirstOrDefault(s => s is not null));

    // Counted on the side: ConcurrentDictionary.Count takes every lock of the table.
    private void Remember(Guid id, PostgreSqlShard shard)
    {
        if (_placements.TryAdd(id, shard) && Interlocked.Increment(ref _remembered) > RememberedPlacements)
        {
            _placements.Clear();
            Interlocked.Exchange(ref _remembered, 0);
        }
    }

    private bool Forget(Guid id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PostgreSqlShard? shard)
    {
        if (!_placements.TryRemove(id, out shard))
        {
            return false;
        }

        Interlocked.Decrement(ref _remembered);
        return true;
    }

    /// <summary>
    /// Asks every database at once and returns the first answer that found something, with its database (remembered
    /// under <paramref name="id"/> when one is given). A database that did not answer matters only when no other found
    /// it: the row may be in the silent one, so that is an error rather than "not found".
    /// </summary>
    private async Task<(T Value, PostgreSqlShard Shard)?> FirstFoundAsync<T>(Func<PostgreSqlAccessStore, Task<T?>> read, Func<T, Guid>? id = null)
        where T : class
    {
        var pending = _shards.Select(shard => (Task: shard.RunAsync(read), Shard: shard)).ToList();
        PostgreSqlShardUnavailableException? silent = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending.Select(p => p.Task)).ConfigureAwait(false);
            var index = pending.FindIndex(p => p.Task == done);
            var shard = pending[index].Shard;
            pending.RemoveAt(index);
            try
            {
                if (await done.ConfigureAwait(false) is { } value)
                {
                    // The others are left to finish on their own; their errors are read so none goes unobserved.
                    foreach (var other in pending)
                    {
                        _ = other.Task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                    }

                    if (id is not null)
                    {
                        Remember(id(value), shard);
                    }

                    return (value, shard);
                }
            }
            catch (PostgreSqlShardUnavailableException error)
            {
                silent ??= error;
            }
        }

        return silent is null ? null : throw silent;
    }

    /// <summary>Runs <paramref name="operation"/> in every database at once; fails after all have run when one did not answer.</summary>
    private async Task<T[]> EveryAsync<T>(Func<PostgreSqlAccessStore, Task<T>> operation)
    {
        var runs = _shards.Select(shard => shard.RunAsync(operation)).ToArray();
        try
        {
            return await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (PostgreSqlShardUnavailableException)
        {
            throw runs.Select(r => r.Exception?.InnerException).OfType<PostgreSqlShardUnavailableException>().First();
        }
    }

    /// <summary>
    /// Runs a write keyed by a unique id in every database at once (only the one holding the row changes anything):
    /// true when one did; a database that did not answer is an error only when none did.
    /// </summary>
    private async Task<bool> AnyAsync(Func<PostgreSqlAccessStore, Task<bool>> write)
    {
        var runs = _shards.Select(shard => shard.RunAsync(write)).ToArray();
        await Task.WhenAll(runs.Select(r => r.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        if (runs.Any(r => r.IsCompletedSuccessfully && r.Result))
        {
            return true;
        }

        return runs.FirstOrDefault(r => r.IsFaulted) is { } failed ? throw failed.Exception!.InnerException! : false;
    }

    /// <summary>The database of an account: remembered, or found by asking every database; <see langword="null"/> when none has it.</summary>
    private async Task<PostgreSqlShard?> AccountShardAsync(Guid accountId, CancellationToken cancellationToken) =>
        _placements.TryGetValue(accountId, out var known)
            ? known
            : (await FirstFoundAsync(store => store.FindAccountByIdAsync(accountId, cancellationToken), a => a.Id).ConfigureAwait(false))?.Shard;

    private async Task<PostgreSqlShard?> SessionShardAsync(Guid sessionId, CancellationToken cancellationToken) =>
        _placements.TryGetValue(sessionId, out var known)
            ? known
            : (await FirstFoundAsync(store => store.FindSessionAsync(sessionId, cancellationToken), s => s.Id).ConfigureAwait(false))?.Shard;

    private async Task<PostgreSqlShard?> DeviceShardAsync(Guid deviceId, CancellationToken cancellationToken) =>
        _placements.TryGetValue(deviceId, out var known)
            ? known
            : (await FirstFoundAsync(store => store.FindDeviceAsync(deviceId, cancellationToken), d => d.Id).ConfigureAwait(false))?.Shard;

    // One text per set of settings: keys in one order and case, so the same settings written differently share one pool.
    private static string Canonical(string connectionString)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var normal = new DbConnectionStringBuilder();
        foreach (var key in written.Keys.Cast<string>().Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal))
        {
            normal[key] = written[key];
        }

        return normal.ConnectionString;
    }
}
