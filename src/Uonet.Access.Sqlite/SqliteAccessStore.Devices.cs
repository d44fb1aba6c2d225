using Microsoft.Data.Sqlite;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
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

    private const string RecordSignatureSql = """
        INSERT INTO signature_replay (device_id, signature_hash, expires_at) VALUES ($device, $hash, $expires)
        ON CONFLICT (device_id, signature_hash) DO UPDATE SET expires_at = excluded.expires_at WHERE signature_replay.expires_at <= $now;
        """;

    private const string SelectDevice = """
        SELECT id, account_id, instance_symbol, name, platform, public_key, key_algorithm, created_at, last_seen_at, revoked_at, revocation_reason
        FROM devices
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
        // (a replay) changes nothing. Every verified phone request runs it, so on a kept connection.
        return await OnPreparedAsync(
            (Device: Sql.Id(deviceId), Hash: signatureHash, Expires: Sql.Time(expiresAt), Now: Sql.Time(now)),
            static async (prepared, entry, cancellationToken) => await prepared.Command(RecordSignatureSql)
                .Bind("$device", entry.Device)
                .Bind("$hash", entry.Hash)
                .Bind("$expires", entry.Expires)
                .Bind("$now", entry.Now)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    private static Task<PairingTicket?> ReadTicketAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.Ticket, cancellationToken);

    private static Task<List<MobileDevice>> ReadDevicesAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadAllAsync(Rows.Device, cancellationToken);
}
