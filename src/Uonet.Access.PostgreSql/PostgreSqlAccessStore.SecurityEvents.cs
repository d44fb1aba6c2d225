using Npgsql;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

// The accounts' security trails: appended inside the transaction of the change they record.
public sealed partial class PostgreSqlAccessStore
{
    private const string SecurityEventColumns = "id, account_id, instance_symbol, kind, occurred_at, client_address, client_description, detail";

    /// <inheritdoc />
    public async Task AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SecurityEvent>> ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadListAsync(
            $"SELECT {SecurityEventColumns} FROM {PostgreSqlSchema.Placeholder}.security_events WHERE account_id = @account ORDER BY occurred_at DESC, id DESC LIMIT @limit;",
            c => c.Id("account", accountId).Int("limit", limit),
            Rows.SecurityEvent,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends an event (if any) to the trail of the account of an address, or drops it when there is none.</summary>
    private async Task InsertAddressEventAsync(NpgsqlConnection connection, SecurityEvent? securityEvent, string symbol, string email, CancellationToken cancellationToken)
    {
        if (securityEvent is null)
        {
            return;
        }

        await using var command = Command(connection, $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.security_events ({SecurityEventColumns})
            SELECT @id, id, instance_symbol, @kind, @at, @address, @description, @detail
            FROM {PostgreSqlSchema.Placeholder}.accounts WHERE instance_symbol = @symbol AND email = @email;
            """)
            .Id("id", securityEvent.Id)
            .Text("symbol", symbol)
            .Text("email", email)
            .Int("kind", (int)securityEvent.Kind)
            .Time("at", securityEvent.OccurredAt)
            .Text("address", securityEvent.ClientAddress)
            .Text("description", securityEvent.ClientDescription)
            .Text("detail", securityEvent.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends an event (if any) within the connection's transaction; an event of an unknown account is dropped.</summary>
    private async Task InsertEventAsync(NpgsqlConnection connection, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        if (securityEvent is null)
        {
            return;
        }

        await using var command = Command(connection, $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.security_events ({SecurityEventColumns})
            SELECT @id, @account, @symbol, @kind, @at, @address, @description, @detail
            WHERE EXISTS (SELECT 1 FROM {PostgreSqlSchema.Placeholder}.accounts WHERE id = @account);
            """)
            .Id("id", securityEvent.Id)
            .Id("account", securityEvent.AccountId)
            .Text("symbol", securityEvent.InstanceSymbol)
            .Int("kind", (int)securityEvent.Kind)
            .Time("at", securityEvent.OccurredAt)
            .Text("address", securityEvent.ClientAddress)
            .Text("description", securityEvent.ClientDescription)
            .Text("detail", securityEvent.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
