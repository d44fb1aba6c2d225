using Uonet.Access.Maintenance;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SelectWindow = """
        SELECT id, instance_symbol, starts_at, expected_end_at, ended_at, message_polish, message_english, created_by FROM maintenance_windows
        """;

    /// <inheritdoc />
    public async Task AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        StoreValues.OptionalText(window.InstanceSymbol, "MaintenanceWindow.InstanceSymbol", StoreLimits.Symbol);
        StoreValues.Text(window.MessagePolish, "MaintenanceWindow.MessagePolish", StoreLimits.MaintenanceMessage);
        StoreValues.Text(window.MessageEnglish, "MaintenanceWindow.MessageEnglish", StoreLimits.MaintenanceMessage);
        StoreValues.Text(window.CreatedBy, "MaintenanceWindow.CreatedBy", StoreLimits.Email);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, """
            INSERT INTO maintenance_windows (id, instance_symbol, starts_at, expected_end_at, ended_at, message_polish, message_english, created_by)
            VALUES ($id, $symbol, $starts, $expected, $ended, $polish, $english, $by);
            """)
            .With("$id", Sql.Id(window.Id))
            .With("$symbol", window.InstanceSymbol)
            .With("$starts", Sql.Time(window.StartsAt))
            .With("$expected", Sql.Time(window.ExpectedEndAt))
            .With("$ended", Sql.Time(window.EndedAt))
            .With("$polish", window.MessagePolish)
            .With("$english", window.MessageEnglish)
            .With("$by", window.CreatedBy);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MaintenanceWindow>> ListMaintenanceWindowsAsync(string? symbol, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (symbol is not null)
        {
            StoreValues.Key(symbol, nameof(symbol));
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectWindow + """
             WHERE (instance_symbol IS NULL OR instance_symbol = $symbol) AND (ended_at IS NULL OR ended_at > $now)
            ORDER BY starts_at, id;
            """)
            .With("$symbol", symbol)
            .With("$now", Sql.Time(now));
        return await command.ReadAllAsync(Rows.MaintenanceWindow, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> EndMaintenanceWindowAsync(Guid windowId, DateTimeOffset endedAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE maintenance_windows SET ended_at = $at WHERE id = $id AND ended_at IS NULL;",
            cancellationToken,
            ("$id", Sql.Id(windowId)),
            ("$at", Sql.Time(endedAt))).ConfigureAwait(false) == 1;
}
