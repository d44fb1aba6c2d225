using Microsoft.Data.Sqlite;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SecurityEventColumns = "id, account_id, instance_symbol, kind, occurred_at, client_address, client_description, detail";

    /// <inheritdoc />
    public async Task AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, null, securityEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SecurityEvent>> ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, $"SELECT {SecurityEventColumns} FROM security_events WHERE account_id = $account ORDER BY occurred_at DESC, id DESC LIMIT $limit;")
            .With("$account", Sql.Id(accountId))
            .With("$limit", limit);
        return await command.ReadAllAsync(Rows.SecurityEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends an event (if any) to the trail of the account of an address, or drops it when there is none.</summary>
    private static async Task InsertAddressEventAsync(SqliteConnection connection, SqliteTransaction transaction, SecurityEvent? securityEvent, string symbol, string email, CancellationToken cancellationToken)
    {
        if (securityEvent is null)
        {
            return;
        }

        await using var command = Sql.Command(connection, transaction, $"""
            INSERT INTO security_events ({SecurityEventColumns})
            SELECT $id, id, instance_symbol, $kind, $at, $address, $description, $detail
            FROM accounts WHERE instance_symbol = $symbol AND email = $email;
            """)
            .With("$id", Sql.Id(securityEvent.Id))
            .With("$symbol", symbol)
            .With("$email", email)
            .With("$kind", (int)securityEvent.Kind)
            .With("$at", Sql.Time(securityEvent.OccurredAt))
            .With("$address", securityEvent.ClientAddress)
            .With("$description", securityEvent.ClientDescription)
            .With("$detail", securityEvent.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends an event (if any) within the caller's transaction; an event of an unknown account is dropped.</summary>
    private static async Task InsertEventAsync(SqliteConnection connection, SqliteTransaction? transaction, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        if (securityEvent is null)
        {
            return;
        }

        await using var command = Sql.Command(connection, transaction, $"""
            INSERT INTO security_events ({SecurityEventColumns})
            SELECT $id, $account, $symbol, $kind, $at, $address, $description, $detail
            WHERE EXISTS (SELECT 1 FROM accounts WHERE id = $account);
            """)
            .With("$id", Sql.Id(securityEvent.Id))
            .With("$account", Sql.Id(securityEvent.AccountId))
            .With("$symbol", securityEvent.InstanceSymbol)
            .With("$kind", (int)securityEvent.Kind)
            .With("$at", Sql.Time(securityEvent.OccurredAt))
            .With("$address", securityEvent.ClientAddress)
            .With("$description", securityEvent.ClientDescription)
            .With("$detail", securityEvent.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
