namespace Uonet.Access.Storage;

/// <summary>
/// The deletes of the retention job. Each call removes at most <c>batchSize</c> rows that are due and returns how many
/// it removed, so a caller loops until a call returns fewer than the batch and no call holds a lock for long. A row is
/// due only by the rule of its call; nothing else is touched. Safe to run while the system is in use.
/// </summary>
public interface IRetentionStore
{
    /// <summary>Link tokens consumed, superseded or expired at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Clears second-factor tickets (on the account row) that expired at or before <paramref name="cutOff"/>; the
    /// account's version is not changed, so a sign-in racing the clean-up is not refused for it.
    /// </summary>
    Task<int> ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Pairing tickets consumed, closed or expired at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Sessions revoked or expired at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Replay-cache entries that expired at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Attempt counters whose window ended, and whose lock (if any) ended, at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Outbox messages delivered at or before <paramref name="cutOff"/> (undelivered ones are never due).</summary>
    Task<int> DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Devices revoked at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Security events that occurred at or before <paramref name="cutOff"/>.</summary>
    Task<int> DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Audit entries of pupils' records (with their changes) made before <paramref name="cutOff"/>; the records stay.</summary>
    Task<int> DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken);
}
