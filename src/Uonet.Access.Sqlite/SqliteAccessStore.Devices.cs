using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SelectTicket = """
        SELECT id, token_hash, pin_hash, account_id, instance_symbol, created_at, expires_at, remaining_tries, consumed_at, closed_at
        FROM pairing_tickets
        """;

    private const string SelectDevice = """
        SELECT id, account_id, instance_symbol, name, platform, public_key, key_algorithm, created_at, last_seen_at, revoked_at, revocation_reason
        FROM devices
        """;

    private const string SelectWindow = """
        SELECT id, instance_symbol, starts_at, expected_end_at, ended_at, message_polish, message_english, created_by FROM maintenance_windows
        """;

    // Expired replay entries are swept on one recording in this many, so the cache holds about one clock window.
    private const int SignatureSweepInterval = 1024;

    private int _signaturesRecorded;

    /// <inheritdoc />
    public async Task CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        StoreValues.Text(ticket.TokenHash, "PairingTicket.TokenHash", StoreLimits.Hash);
        StoreValues.Text(ticket.PinHash, "PairingTicket.PinHash", StoreLimits.Hash);
        StoreValues.Text(ticket.InstanceSymbol, "PairingTicket.InstanceSymbol", StoreLimits.Symbol);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using var command = Sql.Command(connection, transaction, """
            UPDATE pairing_tickets SET closed_at = $now WHERE account_id = $account AND consumed_at IS NULL AND closed_at IS NULL;
            INSERT INTO pairing_tickets (id, token_hash, pin_hash, account_id, instance_symbol, created_at, expires_at, remaining_tries, consumed_at, closed_at)
            VALUES ($id, $token, $pin, $account, $symbol, $created, $expires, $tries, $consumed, $closed);
            """)
            .With("$now", Sql.Time(now))
            .With("$id", Sql.Id(ticket.Id))
            .With("$token", ticket.TokenHash)
            .With("$pin", ticket.PinHash)
            .With("$account", Sql.Id(ticket.AccountId))
            .With("$symbol", ticket.InstanceSymbol)
            .With("$created", Sql.Time(ticket.CreatedAt))
            .With("$expires", Sql.Time(ticket.ExpiresAt))
            .With("$tries", ticket.RemainingTries)
            .With("$consumed", Sql.Time(ticket.ConsumedAt))
            .With("$closed", Sql.Time(ticket.ClosedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>A short token may come round again after its ticket is dead: the newest ticket with the hash is found.</remarks>
    public async Task<PairingTicket?> FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectTicket + " WHERE token_hash = $hash ORDER BY created_at DESC, id DESC LIMIT 1;")
            .With("$hash", tokenHash);
        return await ReadTicketAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PairingTicket?> RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using (var count = Sql.Command(connection, transaction, """
            UPDATE pairing_tickets
            SET remaining_tries = remaining_tries - 1, closed_at = CASE WHEN remaining_tries = 1 THEN $now END
            WHERE id = $id AND consumed_at IS NULL AND closed_at IS NULL AND remaining_tries > 0 AND expires_at > $now;
            """))
        {
            count.With("$id", Sql.Id(ticketId)).With("$now", Sql.Time(now));
            await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var read = Sql.Command(connection, transaction, SelectTicket + " WHERE id = $id;").With("$id", Sql.Id(ticketId));
        var ticket = await ReadTicketAsync(read, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ticket;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The device breaks a constraint (its id is taken, its account unknown): nothing was written.</exception>
    public async Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(mail);
        StoreValues.Check(device);
        StoreValues.Check(mail);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        PairingTicket? ticket;
        await using (var read = Sql.Command(connection, transaction, SelectTicket + " WHERE id = $id;").With("$id", Sql.Id(ticketId)))
        {
            ticket = await ReadTicketAsync(read, cancellationToken).ConfigureAwait(false);
        }

        var state = ticket switch
        {
            null => PairingConsumption.NotFound,
            { ConsumedAt: not null } => PairingConsumption.AlreadyUsed,
            { ClosedAt: not null } or { RemainingTries: <= 0 } => PairingConsumption.Closed,
            _ when ticket.ExpiresAt <= now => PairingConsumption.Expired,
            _ => PairingConsumption.Consumed,
        };
        if (state != PairingConsumption.Consumed)
        {
            return state;
        }

        await using (var consume = Sql.Command(connection, transaction, """
            UPDATE pairing_tickets SET consumed_at = $now
            WHERE id = $id AND consumed_at IS NULL AND closed_at IS NULL AND remaining_tries > 0 AND expires_at > $now;
            """))
        {
            consume.With("$id", Sql.Id(ticketId)).With("$now", Sql.Time(now));
            if (await consume.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return PairingConsumption.AlreadyUsed;
            }
        }

        await using (var insert = Sql.Command(connection, transaction, """
            INSERT INTO devices (id, account_id, instance_symbol, name, platform, public_key, key_algorithm, created_at, last_seen_at, revoked_at, revocation_reason)
            VALUES ($id, $account, $symbol, $name, $platform, $key, $algorithm, $created, $seen, $revoked, $reason);
            """))
        {
            insert
                .With("$id", Sql.Id(device.Id))
                .With("$account", Sql.Id(device.AccountId))
                .With("$symbol", device.InstanceSymbol)
                .With("$name", device.Name)
                .With("$platform", device.Platform)
                .With("$key", device.PublicKey)
                .With("$algorithm", (int)device.KeyAlgorithm)
                .With("$created", Sql.Time(device.CreatedAt))
                .With("$seen", Sql.Time(device.LastSeenAt))
                .With("$revoked", Sql.Time(device.RevokedAt))
                .With("$reason", device.RevocationReason is { } reason ? (int)reason : null);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertMailAsync(connection, transaction, mail, cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return PairingConsumption.Consumed;
    }

    /// <inheritdoc />
    public async Task<MobileDevice?> FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectDevice + " WHERE id = $id;").With("$id", Sql.Id(deviceId));
        var found = await ReadDevicesAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MobileDevice>> ListDevicesAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectDevice + " WHERE account_id = $account ORDER BY created_at DESC, id DESC;")
            .With("$account", Sql.Id(accountId));
        return await ReadDevicesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        await ExecuteWithEventAsync(
            "UPDATE devices SET revoked_at = $at, revocation_reason = $reason WHERE id = $id AND revoked_at IS NULL;",
            securityEvent,
            onlyWhenChanged: true,
            cancellationToken,
            ("$id", Sql.Id(deviceId)),
            ("$at", Sql.Time(revokedAt)),
            ("$reason", (int)reason)).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public Task TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE devices SET last_seen_at = $at WHERE id = $id AND last_seen_at < $at;", cancellationToken, ("$id", Sql.Id(deviceId)), ("$at", Sql.Time(lastSeenAt)));

    /// <inheritdoc />
    public async Task<bool> TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        StoreValues.Text(signatureHash, nameof(signatureHash), StoreLimits.Hash);
        if (Interlocked.Increment(ref _signaturesRecorded) % SignatureSweepInterval == 0)
        {
            await ExecuteAsync("DELETE FROM signature_replay WHERE expires_at <= $now;", cancellationToken, ("$now", Sql.Time(now))).ConfigureAwait(false);
        }

        // One statement: a new signature is inserted, an expired entry of the same signature is renewed, and a live one
        // (a replay) changes nothing.
        return await ExecuteAsync(
            """
            INSERT INTO signature_replay (device_id, signature_hash, expires_at) VALUES ($device, $hash, $expires)
            ON CONFLICT (device_id, signature_hash) DO UPDATE SET expires_at = excluded.expires_at WHERE signature_replay.expires_at <= $now;
            """,
            cancellationToken,
            ("$device", Sql.Id(deviceId)),
            ("$hash", signatureHash),
            ("$expires", Sql.Time(expiresAt)),
            ("$now", Sql.Time(now))).ConfigureAwait(false) == 1;
    }

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

    /// <inheritdoc />
    /// <exception cref="SqliteException">One of the accounts does not exist.</exception>
    public Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO account_links (account_id, linked_account_id, created_at) VALUES ($a, $b, $now), ($b, $a, $now)
            ON CONFLICT DO NOTHING;
            """,
            cancellationToken,
            ("$a", Sql.Id(accountId)),
            ("$b", Sql.Id(otherAccountId)),
            ("$now", Sql.Time(now)));

    /// <inheritdoc />
    public async Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "DELETE FROM account_links WHERE (account_id = $a AND linked_account_id = $b) OR (account_id = $b AND linked_account_id = $a);",
            cancellationToken,
            ("$a", Sql.Id(accountId)),
            ("$b", Sql.Id(otherAccountId))).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT linked_account_id FROM account_links WHERE account_id = $id ORDER BY linked_account_id;")
            .With("$id", Sql.Id(accountId));
        return await command.ReadAllAsync(Rows.Id, cancellationToken).ConfigureAwait(false);
    }

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

    // The same shape as the library's own stamps: 128 random bits, base64url.
    private static string NewSecurityStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    private static Task<PairingTicket?> ReadTicketAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.Ticket, cancellationToken);

    private static Task<List<MobileDevice>> ReadDevicesAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadAllAsync(Rows.Device, cancellationToken);
}
