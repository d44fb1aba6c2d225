using Uonet.Access.Storage;

namespace Uonet.Access.Sqlite;

// Retention: each call deletes one bounded batch in its own short transaction, so web requests wait for it briefly at
// most (SQLite has one writer at a time).
public sealed partial class SqliteAccessStore : IRetentionStore
{
    /// <inheritdoc />
    public Task<int> DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("link_tokens", "id", "consumed_at <= $cut OR superseded_at <= $cut OR expires_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ExecuteAsync(
            """
            UPDATE accounts SET second_factor_ticket_hash = NULL, second_factor_expires_at = NULL, second_factor_client_hash = NULL
            WHERE id IN (SELECT id FROM accounts WHERE second_factor_expires_at <= $cut LIMIT $batch);
            """,
            cancellationToken,
            ("$cut", Sql.Time(cutOff)),
            ("$batch", batchSize));
    }

    /// <inheritdoc />
    public Task<int> DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("pairing_tickets", "id", "consumed_at <= $cut OR closed_at <= $cut OR expires_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("sessions", "id", "revoked_at <= $cut OR expires_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("signature_replay", "device_id, signature_hash", "expires_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("attempts", "key", "window_ends_at <= $cut AND (locked_until IS NULL OR locked_until <= $cut)", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("outbox", "id", "sent_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("devices", "id", "revoked_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("security_events", "id", "occurred_at <= $cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("audit_entries", "seq", "occurred_at < $cut", cutOff, batchSize, cancellationToken);

    // The table, key and condition are constants of this file, never input.
    private Task<int> DeleteBatchAsync(string table, string key, string condition, DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ExecuteAsync(
            $"DELETE FROM {table} WHERE ({key}) IN (SELECT {key} FROM {table} WHERE {condition} LIMIT $batch);",
            cancellationToken,
            ("$cut", Sql.Time(cutOff)),
            ("$batch", batchSize));
    }
}
