using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Maintenance;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public Task AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        StoreValues.Check(window);
        return WriteAsync(
            (context, _) =>
            {
                context.Add(MaintenanceWindowRow.From(window));
                return Task.FromResult((true, true));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MaintenanceWindow>> ListMaintenanceWindowsAsync(string? symbol, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (symbol is not null)
        {
            StoreValues.Key(symbol, nameof(symbol));
        }

        var at = StoredTime.From(now);
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<MaintenanceWindowRow>()
            .Where(w => (w.InstanceSymbol == null || w.InstanceSymbol == symbol) && (w.EndedAt == null || w.EndedAt > at))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToWindow()).OrderBy(w => w.StartsAt).ThenBy(w => w.Id)];
    }

    /// <inheritdoc />
    public async Task<bool> EndMaintenanceWindowAsync(Guid windowId, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(endedAt);
        return await ExecuteAsync(
            c => c.Set<MaintenanceWindowRow>().Where(w => w.Id == windowId && w.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(w => w.EndedAt, at), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;
    }
}
