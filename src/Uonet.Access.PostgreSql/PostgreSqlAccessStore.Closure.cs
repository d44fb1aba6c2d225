using System.Buffers.Text;
using System.Security.Cryptography;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

// Closing an account (R9): its sessions, devices, open tickets and links and its passkeys go with it, in one transaction.
public sealed partial class PostgreSqlAccessStore
{
    /// <inheritdoc />
    public async Task<bool> CloseAccountAsync(Guid accountId, DateTimeOffset now, DeviceRevocationReason deviceReason, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The conditional UPDATE closes the account once: a second closer (any process) waits for the row and then finds
        // it closed. The rest cascades inside the same transaction.
        await using (var close = Command(connection, """
            UPDATE {schema}.accounts SET status = @closed, closed_at = @now, security_stamp = @stamp, version = version + 1
            WHERE id = @id AND status <> @closed
            RETURNING id;
            """)
            .Id("id", accountId)
            .Int("closed", (int)AccountStatus.Closed)
            .Time("now", now)
            .Text("stamp", NewSecurityStamp()))
        {
            if (await close.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }
        }

        // Tickets before devices, each statement with a snapshot of its own: a pairing that is using a ticket right now
        // holds the ticket's row, so closing the tickets waits for it, and the devices statement then sees its device.
        // A pairing that comes later finds its ticket closed. Either way no device outlives the account.
        await using (var cascade = Command(connection, """
            UPDATE {schema}.pairing_tickets SET closed_at = @now WHERE account_id = @id AND consumed_at IS NULL AND closed_at IS NULL;
            UPDATE {schema}.devices SET revoked_at = @now, revocation_reason = @reason WHERE account_id = @id AND revoked_at IS NULL;
            UPDATE {schema}.sessions SET revoked_at = @now WHERE account_id = @id AND revoked_at IS NULL;
            UPDATE {schema}.link_tokens t SET superseded_at = @now
            FROM {schema}.accounts a
            WHERE a.id = @id AND t.instance_symbol = a.instance_symbol AND t.email = a.email AND t.consumed_at IS NULL AND t.superseded_at IS NULL;
            DELETE FROM {schema}.account_links WHERE account_id = @id OR linked_account_id = @id;
            DELETE FROM {schema}.passkeys WHERE account_id = @id;
            """).Id("id", accountId).Time("now", now).Int("reason", (int)deviceReason))
        {
            await cascade.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (notice is not null)
        {
            await InsertMailAsync(connection, notice, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // The same shape as the library's own stamps: 128 random bits, base64url.
    private static string NewSecurityStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
