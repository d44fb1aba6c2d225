using Uonet.Access.Import;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string ImportRunColumns = "id, instance_symbol, unit_code, actor_email, file_name, started_at, finished_at, status, rows_written, rows_refused";

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        var added = await ExecuteAsync(
            $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.import_runs ({ImportRunColumns})
            VALUES (@id, @symbol, @unit, @actor, @file, @started, @finished, @status, @written, @refused)
            ON CONFLICT (id) DO NOTHING;
            """,
            c => c
                .Id("id", run.Id)
                .Text("symbol", run.InstanceSymbol)
                .Text("unit", run.UnitCode)
                .Text("actor", run.ActorEmail)
                .Text("file", run.FileName)
                .Time("started", run.StartedAt)
                .Time("finished", run.FinishedAt)
                .Int("status", (int)run.Status)
                .Int("written", run.RowsWritten)
                .Int("refused", run.RowsRefused),
            cancellationToken).ConfigureAwait(false);
        return added == 1 ? StoreWriteResult.Success : StoreWriteResult.Duplicate;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        StoreValues.Check(run);
        var updated = await ExecuteAsync(
            "UPDATE {schema}.import_runs SET finished_at = @finished, status = @status, rows_written = @written, rows_refused = @refused WHERE id = @id;",
            c => c
                .Id("id", run.Id)
                .Time("finished", run.FinishedAt)
                .Int("status", (int)run.Status)
                .Int("written", run.RowsWritten)
                .Int("refused", run.RowsRefused),
            cancellationToken).ConfigureAwait(false);
        return updated == 1 ? StoreWriteResult.Success : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await ReadListAsync(
            $"""
            SELECT {ImportRunColumns} FROM {PostgreSqlSchema.Placeholder}.import_runs
            WHERE instance_symbol = @symbol AND unit_code = @unit
            ORDER BY started_at DESC, seq DESC
            LIMIT @limit;
            """,
            c => c.Text("symbol", symbol).Text("unit", unitCode).Int("limit", limit),
            Rows.ImportRun,
            cancellationToken).ConfigureAwait(false);
    }
}
