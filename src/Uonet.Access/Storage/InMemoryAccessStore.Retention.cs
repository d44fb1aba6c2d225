namespace Uonet.Access.Storage;

public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public Task<int> DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_tokens, t => t.ConsumedAt <= cutOff || t.SupersededAt <= cutOff || t.ExpiresAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        lock (_gate)
        {
            var due = _accounts.Values.Where(a => a.SecondFactorTicket?.ExpiresAt <= cutOff).Take(batchSize).ToList();
            foreach (var account in due)
            {
                _accounts[account.Id] = account with { SecondFactorTicket = null };
            }

            return Task.FromResult(due.Count);
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_tickets, t => t.ConsumedAt <= cutOff || t.ClosedAt <= cutOff || t.ExpiresAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_sessions, s => s.RevokedAt <= cutOff || s.ExpiresAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_signatures, expiresAt => expiresAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_attempts, a => a.WindowEndsAt <= cutOff && (a.LockedUntil is null || a.LockedUntil <= cutOff), batchSize);

    /// <inheritdoc />
    public Task<int> DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_outbox, m => m.SentAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_devices, d => d.RevokedAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        Delete(_events, e => e.OccurredAt <= cutOff, batchSize);

    /// <inheritdoc />
    public Task<int> DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        lock (_gate)
        {
            var due = _audit.Where(a => a.OccurredAt < cutOff).Take(batchSize).ToHashSet();
            _audit.RemoveAll(due.Contains);
            return Task.FromResult(due.Count);
        }
    }

    private Task<int> Delete<TKey, TValue>(Dictionary<TKey, TValue> rows, Func<TValue, bool> due, int batchSize)
        where TKey : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        lock (_gate)
        {
            var keys = rows.Where(r => due(r.Value)).Select(r => r.Key).Take(batchSize).ToList();
            foreach (var key in keys)
            {
                rows.Remove(key);
            }

            return Task.FromResult(keys.Count);
        }
    }
}
