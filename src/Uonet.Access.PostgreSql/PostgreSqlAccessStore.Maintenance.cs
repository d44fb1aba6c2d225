using Uonet.Access.Maintenance;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string WindowColumns = "id, instance_symbol, starts_at, expected_end_at, ended_at, message_polish, message_english, created_by";

    /// <inheritdoc />
    public async Task AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        StoreValues.Check(window);
        await ExecuteAsync(
            $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.maintenance_windows ({WindowColumns})
            VALUES (@id, @symbol, @starts, @expected, @ended, @polish, @english, @by);
            """,
            c => c
                .Id("id", window.Id)
                .Text("symbol", window.InstanceSymbol)
                .Time("starts", window.StartsAt)
                .Time("expected", window.ExpectedEndAt)
                .Time("ended", window.EndedAt)
                .Text("polish", window.MessagePolish)
                .Text("english", window.MessageEnglish)
                .Text("by", window.CreatedBy),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MaintenanceWindow>> ListMaintenanceWindowsAsync(string? symbol, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (symbol is not null)
        {
            StoreValues.Key(symbol, nameof(symbol));
        }

        return await ReadListAsync(
            $"""
            SELECT {WindowColumns} FROM {PostgreSqlSchema.Placeholder}.maintenance_windows
            WHERE (instance_symbol IS NULL OR instance_symbol = @symbol) AND (ended_at IS NULL OR ended_at > @now)
            ORDER BY starts_at, id;
            """,
            c => c.Text("symbol", symbol).Time("now", now),
            Rows.MaintenanceWindow,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> EndMaintenanceWindowAsync(Guid windowId, DateTimeOffset endedAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE {schema}.maintenance_windows SET ended_at = @at WHERE id = @id AND ended_at IS NULL;",
            c => c.Id("id", windowId).Time("at", endedAt),
            cancellationToken).ConfigureAwait(false) == 1;
}
