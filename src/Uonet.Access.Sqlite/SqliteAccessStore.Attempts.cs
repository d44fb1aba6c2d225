using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    /// <inheritdoc />
    public async Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return AttemptArithmetic.Read(await ReadAttemptAsync(connection, null, key, cancellationToken).ConfigureAwait(false), now);
    }

    /// <inheritdoc />
    public async Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        StoreValues.Text(key, nameof(key), StoreLimits.AttemptKey);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        var next = AttemptArithmetic.Record(await ReadAttemptAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false), now, policy);
        if (next.Accepted)
        {
            await using var write = Sql.Command(connection, transaction, """
                INSERT INTO attempts (key, count, window_ends_at, locked_until) VALUES ($key, $count, $window, $locked)
                ON CONFLICT (key) DO UPDATE SET count = excluded.count, window_ends_at = excluded.window_ends_at, locked_until = excluded.locked_until;
                """)
                .With("$key", key)
                .With("$count", next.Count)
                .With("$window", Sql.Time(next.WindowEndsAt))
                .With("$locked", Sql.Time(next.LockedUntil));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, AttemptArithmetic.EventAfter(securityEvent, next, now), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <inheritdoc />
    public async Task ResetAttemptsAsync(string key, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await ExecuteAsync("DELETE FROM attempts WHERE key = $key;", cancellationToken, ("$key", key)).ConfigureAwait(false);
    }

    private static async Task<AttemptState?> ReadAttemptAsync(SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT count, window_ends_at, locked_until FROM attempts WHERE key = $key;").With("$key", key);
        return await command.ReadFirstAsync(Rows.Attempt, cancellationToken).ConfigureAwait(false);
    }
}
