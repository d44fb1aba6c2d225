using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public Task AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        StoreValues.Check(securityEvent);
        return WriteAsync(
            async (context, token) =>
            {
                await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                return (true, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SecurityEvent>> ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<SecurityEventRow>()
            .Where(e => e.AccountId == accountId)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEvent())];
    }
}
