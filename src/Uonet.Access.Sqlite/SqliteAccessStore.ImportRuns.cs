using Uonet.Access.Import;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    /// <inheritdoc />
    public async Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        var added = await ExecuteAsync(
            """
            INSERT INTO import_runs (id, instance_symbol, unit_code, actor_email, file_name, started_at, finished_at, status, rows_written, rows_refused)
            VALUES ($id, $symbol, $unit, $actor, $file, $started, $finished, $status, $written, $refused)
            ON CONFLICT (id) DO NOTHING;
            """,
            cancellationToken,
            ("$id", Sql.Id(run.Id)),
            ("$symbol", run.InstanceSymbol),
            ("$unit", run.UnitCode),
            ("$actor", run.ActorEmail),
            ("$file", run.FileName),
            ("$started", Sql.Time(run.StartedAt)),
            ("$finished", Sql.Time(run.FinishedAt)),
            ("$status", (int)run.Status),
            ("$written", run.RowsWritten),
            ("$refused", run.RowsRefused)).ConfigureAwait(false);
        return added == 1 ? StoreWriteResult.Success : StoreWriteResult.Duplicate;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        var updated = await ExecuteAsync(
            "UPDATE import_runs SET finished_at = $finished, status = $status, rows_written = $written, rows_refused = $refused WHERE id = $id;",
            cancellationToken,
            ("$id", Sql.Id(run.Id)),
            ("$finished", Sql.Time(run.FinishedAt)),
            ("$status", (int)run.Status),
            ("$written", run.RowsWritten),
            ("$refused", run.RowsRefused)).ConfigureAwait(false);
        return updated == 1 ? StoreWriteResult.Success : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, """
            SELECT id, instance_symbol, unit_code, actor_email, file_name, started_at, finished_at, status, rows_written, rows_refused
            FROM import_runs
            WHERE instance_symbol = $symbol AND unit_code = $unit
            ORDER BY started_at DESC, rowid DESC
            LIMIT $limit;
            """)
            .With("$symbol", symbol)
            .With("$unit", unitCode)
            .With("$limit", limit);
        return await command.ReadAllAsync(Rows.ImportRun, cancellationToken).ConfigureAwait(false);
    }
}
