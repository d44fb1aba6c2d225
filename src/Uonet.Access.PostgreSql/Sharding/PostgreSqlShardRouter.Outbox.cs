using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql.Sharding;

// The outbox (mail lives in the database of its instance, mail of no instance in the default one; dispatchers claim
// from every database) and retention (every database).
public sealed partial class PostgreSqlShardRouter
{
    Task IOutboxStore.EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ShardOf(message.InstanceSymbol).RunAsync(s => s.EnqueueAsync(message, cancellationToken));
    }

    /// <summary>
    /// Claims from one database after another until <paramref name="maxCount"/> are claimed, starting each call at the
    /// next database so that a backlog in one does not starve the others. Each claim is the database's own
    /// <c>FOR UPDATE SKIP LOCKED</c>, so two dispatchers never share a message. A silent database is skipped while the
    /// others have mail to send; a call that claimed nothing reports it.
    /// </summary>
    async Task<IReadOnlyList<OutboxMessage>> IOutboxStore.ClaimDueAsync(DateTimeOffset now, int maxCount, DateTimeOffset claimUntil, CancellationToken cancellationToken)
    {
        var claimed = new List<OutboxMessage>();
        PostgreSqlShardUnavailableException? silent = null;
        var first = (int)((uint)Interlocked.Increment(ref _claimTurn) % (uint)_shards.Length);
        for (var i = 0; i < _shards.Length && claimed.Count < maxCount; i++)
        {
            var shard = _shards[(first + i) % _shards.Length];
            try
            {
                var batch = await shard.RunAsync(s => s.ClaimDueAsync(now, maxCount - claimed.Count, claimUntil, cancellationToken)).ConfigureAwait(false);
                foreach (var message in batch)
                {
                    Remember(message.Id, shard);
                }

                claimed.AddRange(batch);
            }
            catch (PostgreSqlShardUnavailableException error)
            {
                silent ??= error;
            }
        }

        return claimed.Count == 0 && silent is not null ? throw silent : claimed;
    }

    Task IOutboxStore.MarkSentAsync(Guid id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        OnMailAsync(id, s => s.MarkSentAsync(id, sentAt, cancellationToken));

    Task IOutboxStore.MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        OnMailAsync(id, s => s.MarkFailedAsync(id, nextAttemptAt, error, cancellationToken));

    async Task<IReadOnlyList<OutboxMessage>> IOutboxStore.ListAsync(string? to, int limit, CancellationToken cancellationToken) =>
        [.. (await EveryAsync(s => s.ListAsync(to, limit, cancellationToken)).ConfigureAwait(false))
            .SelectMany(l => l)
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.Id.ToByteArray(bigEndian: true), ByteOrder.Instance)
            .Take(Math.Max(limit, 0))];

    Task<int> IRetentionStore.DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteSpentLinkTokensAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.ClearExpiredSecondFactorTicketsAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteSpentPairingTicketsAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteEndedSessionsAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteExpiredSignaturesAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteStaleAttemptsAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteDeliveredMailAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteRevokedDevicesAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteSecurityEventsAsync(cutOff, size, cancellationToken), batchSize);

    Task<int> IRetentionStore.DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
        RetainAsync((s, size) => s.DeleteAuditEntriesAsync(cutOff, size, cancellationToken), batchSize);

    /// <summary>
    /// One batch of at most <paramref name="batchSize"/> rows over every database, one after another with what is left of
    /// the batch: a full batch means "call again", a short one that every database is done, as for one database. A silent
    /// database is skipped while the others fill the batch, and reported once they are done.
    /// </summary>
    private async Task<int> RetainAsync(Func<PostgreSqlAccessStore, int, Task<int>> delete, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var deleted = 0;
        PostgreSqlShardUnavailableException? silent = null;
        foreach (var shard in _shards)
        {
            if (deleted >= batchSize)
            {
                break;
            }

            try
            {
                deleted += await shard.RunAsync(s => delete(s, batchSize - deleted)).ConfigureAwait(false);
            }
            catch (PostgreSqlShardUnavailableException error)
            {
                silent ??= error;
            }
        }

        return deleted < batchSize && silent is not null ? throw silent : deleted;
    }

    /// <summary>A mark on a claimed message: in the database it was claimed from, or (claimed by another process) in every one.</summary>
    private async Task OnMailAsync(Guid id, Func<PostgreSqlAccessStore, Task> mark)
    {
        if (Forget(id, out var known))
        {
            await known.RunAsync(mark).ConfigureAwait(false);
            return;
        }

        await EveryAsync(async s =>
        {
            await mark(s).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }
}
