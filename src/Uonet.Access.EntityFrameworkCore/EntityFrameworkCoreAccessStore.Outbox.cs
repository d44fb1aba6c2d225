using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    // A claim that found every candidate taken by another dispatcher between its read and its write looks again, a few
    // times, rather than answer "nothing due" while mail is waiting.
    private const int ClaimRounds = 4;

    /// <inheritdoc />
    public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        StoreValues.Check(message);
        return WriteAsync(
            (context, _) =>
            {
                context.Add(OutboxRow.From(message));
                return Task.FromResult((true, true));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The claim is a conditional write over the chosen ids (<c>WHERE id IN (…) AND sent_at IS NULL AND (claimed_until
    /// IS NULL OR claimed_until &lt;= now)</c>) stamped with a claim id of its own: a row another dispatcher claimed in
    /// between no longer meets the condition when this write gets it, so two dispatchers never hold the same message,
    /// and each reads back exactly the rows its own write took.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int maxCount, DateTimeOffset claimUntil, CancellationToken cancellationToken)
    {
        if (maxCount <= 0)
        {
            return [];
        }

        var at = StoredTime.From(now);
        var until = StoredTime.From(claimUntil);
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < ClaimRounds; round++)
        {
            var due = await context.Set<OutboxRow>()
                .Where(m => m.SentAt == null && m.NextAttemptAt <= at && (m.ClaimedUntil == null || m.ClaimedUntil <= at))
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => m.Id)
                .Take(maxCount)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                return [];
            }

            Guid? claim = Guid.NewGuid();
            var claimed = await context.Set<OutboxRow>()
                .Where(m => due.Contains(m.Id) && m.SentAt == null && m.NextAttemptAt <= at && (m.ClaimedUntil == null || m.ClaimedUntil <= at))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.ClaimId, claim), cancellationToken).ConfigureAwait(false);
            if (claimed > 0)
            {
                var rows = await context.Set<OutboxRow>().Where(m => m.ClaimId == claim).ToListAsync(cancellationToken).ConfigureAwait(false);
                return [.. rows.Select(r => r.ToMessage()).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
            }
        }

        return [];
    }

    /// <inheritdoc />
    public Task MarkSentAsync(Guid id, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(sentAt);
        return ExecuteAsync(
            c => c.Set<OutboxRow>().Where(m => m.Id == id).ExecuteUpdateAsync(
                s => s
                    .SetProperty(m => m.SentAt, at)
                    .SetProperty(m => m.ClaimedUntil, (long?)null)
                    .SetProperty(m => m.ClaimId, (Guid?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.TextBody, string.Empty)
                    .SetProperty(m => m.HtmlBody, string.Empty)
                    .SetProperty(m => m.Link, (string?)null),
                cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        StoreValues.Text(error, nameof(error), StoreLimits.MailError);
        var next = StoredTime.From(nextAttemptAt);
        return ExecuteAsync(
            c => c.Set<OutboxRow>().Where(m => m.Id == id && m.SentAt == null).ExecuteUpdateAsync(
                s => s
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.ClaimedUntil, (long?)null)
                    .SetProperty(m => m.ClaimId, (Guid?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, error),
                cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string? to, int limit, CancellationToken cancellationToken)
    {
        if (to is not null)
        {
            StoreValues.Key(to, nameof(to));
        }

        if (limit <= 0)
        {
            return [];
        }

        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Set<OutboxRow>().AsQueryable();
        if (to is not null)
        {
            rows = rows.Where(m => m.ToAddress == to);
        }

        var found = await rows.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. found.Select(r => r.ToMessage())];
    }
}
