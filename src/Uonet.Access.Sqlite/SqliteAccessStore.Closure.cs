using System.Buffers.Text;
using System.Security.Cryptography;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.Sqlite;

// Closing an account (R9): its sessions, devices, open tickets and links and its passkeys go with it, in one transaction.
public sealed partial class SqliteAccessStore
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
        await using var transaction = BeginWrite(connection);
        await using (var close = Sql.Command(connection, transaction, """
            UPDATE accounts SET status = $closed, closed_at = $now, security_stamp = $stamp, version = version + 1
            WHERE id = $id AND status <> $closed;
            """))
        {
            close
                .With("$id", Sql.Id(accountId))
                .With("$closed", (int)AccountStatus.Closed)
                .With("$now", Sql.Time(now))
                .With("$stamp", NewSecurityStamp());
            if (await close.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using (var cascade = Sql.Command(connection, transaction, """
            UPDATE sessions SET revoked_at = $now WHERE account_id = $id AND revoked_at IS NULL;
            UPDATE devices SET revoked_at = $now, revocation_reason = $reason WHERE account_id = $id AND revoked_at IS NULL;
            UPDATE link_tokens SET superseded_at = $now
            WHERE consumed_at IS NULL AND superseded_at IS NULL
              AND instance_symbol = (SELECT instance_symbol FROM accounts WHERE id = $id) AND email = (SELECT email FROM accounts WHERE id = $id);
            UPDATE pairing_tickets SET closed_at = $now WHERE account_id = $id AND consumed_at IS NULL AND closed_at IS NULL;
            DELETE FROM account_links WHERE account_id = $id OR linked_account_id = $id;
            DELETE FROM passkeys WHERE account_id = $id;
            """))
        {
            cascade.With("$id", Sql.Id(accountId)).With("$now", Sql.Time(now)).With("$reason", (int)deviceReason);
            await cascade.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (notice is not null)
        {
            await InsertMailAsync(connection, transaction, notice, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // The same shape as the library's own stamps: 128 random bits, base64url.
    private static string NewSecurityStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
