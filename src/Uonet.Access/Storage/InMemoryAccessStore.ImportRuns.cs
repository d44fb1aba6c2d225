using Uonet.Access.Import;

namespace Uonet.Access.Storage;

public sealed partial class InMemoryAccessStore : IImportRunStore
{
    // In the order added, so that runs started at the same moment list the later added first.
    private readonly List<ImportRun> _importRuns = [];

    /// <inheritdoc />
    public Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        lock (_gate)
        {
            if (_importRuns.Exists(r => r.Id == run.Id))
            {
                return Task.FromResult(StoreWriteResult.Duplicate);
            }

            _importRuns.Add(run);
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        lock (_gate)
        {
            var index = _importRuns.FindIndex(r => r.Id == run.Id);
            if (index < 0)
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            _importRuns[index] = _importRuns[index] with
            {
                Status = run.Status,
                FinishedAt = run.FinishedAt,
                RowsWritten = run.RowsWritten,
                RowsRefused = run.RowsRefused,
            };
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            IReadOnlyList<ImportRun> list = [.. _importRuns
                .Select((run, order) => (run, order))
                .Where(r => r.run.InstanceSymbol == symbol && r.run.UnitCode == unitCode)
                .OrderByDescending(r => r.run.StartedAt)
                .ThenByDescending(r => r.order)
                .Take(limit)
                .Select(r => r.run)];
            return Task.FromResult(list);
        }
    }
}
