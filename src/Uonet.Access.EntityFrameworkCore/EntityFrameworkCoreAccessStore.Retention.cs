using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;

namespace Uonet.Access.EntityFrameworkCore;

// Retention: each call deletes one bounded batch in one statement, so web requests wait for it briefly at most.
public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public Task<int> DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<LinkTokenRow, Guid>(t => t.ConsumedAt <= cut || t.SupersededAt <= cut || t.ExpiresAt <= cut, t => t.Id, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var cut = StoredTime.From(cutOff);
        return ExecuteAsync(
            c => c.Set<AccountRow>()
                .Where(a => c.Set<AccountRow>().Where(e => e.SecondFactorExpiresAt <= cut).OrderBy(e => e.Id).Select(e => e.Id).Take(batchSize).Contains(a.Id))
                .ExecuteUpdateAsync(
                    s => s
                        .SetProperty(a => a.SecondFactorTicketHash, (string?)null)
                        .SetProperty(a => a.SecondFactorExpiresAt, (long?)null)
                        .SetProperty(a => a.SecondFactorClientHash, (string?)null),
                    cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<PairingTicketRow, Guid>(t => t.ConsumedAt <= cut || t.ClosedAt <= cut || t.ExpiresAt <= cut, t => t.Id, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<SessionRow, Guid>(s => s.RevokedAt <= cut || s.ExpiresAt <= cut, s => s.Id, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var cut = StoredTime.From(cutOff);
        return ExecuteAsync(
            c => c.Set<SignatureRow>()
                .Where(s => c.Set<SignatureRow>()
                    .Where(e => e.ExpiresAt <= cut)
                    .OrderBy(e => e.ExpiresAt)
                    .Take(batchSize)
                    .Any(e => e.DeviceId == s.DeviceId && e.SignatureHash == s.SignatureHash))
                .ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<AttemptRow, string>(a => a.WindowEndsAt <= cut && (a.LockedUntil == null || a.LockedUntil <= cut), a => a.Key, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<OutboxRow, Guid>(m => m.SentAt <= cut, m => m.Id, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<DeviceRow, Guid>(d => d.RevokedAt <= cut, d => d.Id, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<SecurityEventRow, Guid>(e => e.OccurredAt <= cut, e => e.Id, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
    {
        var cut = StoredTime.From(cutOff);
        return DeleteBatchAsync<AuditEntryRow, long>(a => a.OccurredAt < cut, a => a.Seq, batchSize, cancellationToken);
    }

    /// <summary>Deletes at most <paramref name="batchSize"/> rows meeting <paramref name="due"/>, chosen by key, in one statement.</summary>
    private Task<int> DeleteBatchAsync<TRow, TKey>(Expression<Func<TRow, bool>> due, Expression<Func<TRow, TKey>> key, int batchSize, CancellationToken cancellationToken)
        where TRow : class
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ExecuteAsync(
            c =>
            {
                var batch = c.Set<TRow>().Where(due).OrderBy(key).Select(key).Take(batchSize);

                // The outer row gets a parameter of its own: the key's is already bound inside the batch's query.
                var row = Expression.Parameter(typeof(TRow), "row");
                var contains = Expression.Lambda<Func<TRow, bool>>(
                    Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(TKey)], batch.Expression, new Rebind(key.Parameters[0], row).Visit(key.Body)),
                    row);
                return c.Set<TRow>().Where(contains).ExecuteDeleteAsync(cancellationToken);
            },
            cancellationToken);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
