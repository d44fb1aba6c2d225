using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

// Retention: each call deletes one bounded batch in one statement; rows another transaction holds are skipped (SKIP
// LOCKED) and left to the next run, so clean-up never waits for, or blocks, a sign-in or a pairing.
public sealed partial class PostgreSqlAccessStore : IRetentionStore
{
    /// <inheritdoc />
    public Task<int> DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("link_tokens", "id", "consumed_at <= @cut OR superseded_at <= @cut OR expires_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ExecuteAsync(
            """
            UPDATE {schema}.accounts SET second_factor_ticket_hash = NULL, second_factor_expires_at = NULL, second_factor_client_hash = NULL
            WHERE id IN (SELECT id FROM {schema}.accounts WHERE second_factor_expires_at <= @cut LIMIT @batch FOR NO KEY UPDATE SKIP LOCKED)
              AND second_factor_expires_at <= @cut;
            """,
            c => c.Time("cut", cutOff).Int("batch", batchSize),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("pairing_tickets", "id", "consumed_at <= @cut OR closed_at <= @cut OR expires_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("sessions", "id", "revoked_at <= @cut OR expires_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("signature_replay", "device_id, signature_hash", "expires_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("attempts", "key", "window_ends_at <= @cut AND (locked_until IS NULL OR locked_until <= @cut)", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("outbox", "id", "sent_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("devices", "id", "revoked_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("security_events", "id", "occurred_at <= @cut", cutOff, batchSize, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync("audit_entries", "seq", "occurred_at < @cut", cutOff, batchSize, cancellationToken);

    // The table, key and condition are constants of this file, never input. The condition is checked again on the
    // locked rows, so a row changed between the pick and the delete (a session revoked is still due; an attempt counted
    // again is not) is judged as it is now.
    private Task<int> DeleteBatchAsync(string table, string key, string condition, DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ExecuteAsync(
            $"""
            DELETE FROM {PostgreSqlSchema.Placeholder}.{table}
            WHERE ({key}) IN (SELECT {key} FROM {PostgreSqlSchema.Placeholder}.{table} WHERE {condition} LIMIT @batch FOR UPDATE SKIP LOCKED)
              AND ({condition});
            """,
            c => c.Time("cut", cutOff).Int("batch", batchSize),
            cancellationToken);
    }
}
