using Uonet.Access.Import;

namespace Uonet.Access.Storage;

/// <summary>
/// Stores the runs of the CSV import, so that the school office can see what an import did, including one that was
/// interrupted. Symbols, unit codes and e-mails arrive normalized and compare ordinally.
/// </summary>
public interface IImportRunStore
{
    /// <summary>Adds a run; <see cref="StoreWriteResult.Duplicate"/> when the id exists.</summary>
    Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a run up to date: its status, finish time and counts are replaced; instance, unit, actor, file name and
    /// start stay as added. <see cref="StoreWriteResult.NotFound"/> when no run has the id.
    /// </summary>
    Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken);

    /// <summary>
    /// The runs of a unit, newest <see cref="ImportRun.StartedAt"/> first (runs started at the same moment: the later
    /// added first), at most <paramref name="limit"/> (at least 1).
    /// </summary>
    Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken);
}
