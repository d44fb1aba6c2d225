using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    // One statement counts an attempt (AttemptArithmetic.Record, in SQL): the row lock of the upsert orders concurrent
    // attempts on one key, across processes, and each sees the count its predecessor left. A locked key is not updated
    // (the WHERE), and then no row comes back.
    private const string RecordAttemptSql = """
        INSERT INTO {schema}.attempts AS a (key, count, window_ends_at, locked_until)
        VALUES (@key,
                CASE WHEN 1 >= @limit THEN 0 ELSE 1 END,
                CASE WHEN 1 >= @limit THEN @lock_ends ELSE @window_ends END,
                CASE WHEN 1 >= @limit THEN @lock_ends END)
        ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) >= @limit THEN 0
                         ELSE (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) END,
            window_ends_at = CASE WHEN (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) >= @limit THEN @lock_ends
                                  WHEN a.window_ends_at > @now THEN a.window_ends_at
                                  ELSE @window_ends END,
            locked_until = CASE WHEN (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) >= @limit THEN @lock_ends END
        WHERE a.locked_until IS NULL OR a.locked_until <= @now
        RETURNING count, window_ends_at, locked_until;
        """;

    /// <inheritdoc />
    public async Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return AttemptArithmetic.Read(await ReadAttemptAsync(connection, key, cancellationToken).ConfigureAwait(false), now);
    }

    /// <inheritdoc />
    public async Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        StoreValues.Text(key, nameof(key), StoreLimits.AttemptKey);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The ends are computed here, not with SQL intervals: an interval of whole days would follow the session's time
        // zone across a daylight-saving change, a TimeSpan never does.
        AttemptState? counted;
        await using (var count = Command(connection, RecordAttemptSql)
            .Text("key", key)
            .Time("now", now)
            .Int("limit", policy.Limit)
            .Time("window_ends", now + policy.Window)
            .Time("lock_ends", now + policy.LockDuration))
        {
            var rows = await count.ReadAllAsync(Rows.Attempt, cancellationToken).ConfigureAwait(false);
            counted = rows.Count == 0 ? null : rows[0];
        }

        if (counted is not null)
        {
            await InsertEventAsync(connection, AttemptArithmetic.EventAfter(securityEvent, counted, now), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return counted;
        }

        // Locked: the upsert locked the row without changing it, so this read sees the state that refused the attempt.
        var locked = await ReadAttemptAsync(connection, key, cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return locked! with { Accepted = false };
    }

    /// <inheritdoc />
    public async Task ResetAttemptsAsync(string key, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await ExecuteAsync("DELETE FROM {schema}.attempts WHERE key = @key;", c => c.Text("key", key), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AttemptState?> ReadAttemptAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT count, window_ends_at, locked_until FROM {schema}.attempts WHERE key = @key;").Text("key", key);
        var found = await command.ReadAllAsync(Rows.Attempt, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }
}
