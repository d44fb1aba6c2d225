using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Import;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        return AddOnceAsync(ImportRunRow.From(run), (c, t) => c.Set<ImportRunRow>().AnyAsync(r => r.Id == run.Id, t), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        var row = ImportRunRow.From(run);
        var updated = await ExecuteAsync(
            c => c.Set<ImportRunRow>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(
                s => s
                    .SetProperty(r => r.FinishedAt, row.FinishedAt)
                    .SetProperty(r => r.Status, row.Status)
                    .SetProperty(r => r.RowsWritten, row.RowsWritten)
                    .SetProperty(r => r.RowsRefused, row.RowsRefused),
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return updated == 1 ? StoreWriteResult.Success : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<ImportRunRow>()
            .Where(r => r.InstanceSymbol == symbol && r.UnitCode == unitCode)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Seq)
            .Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRun())];
    }
}
