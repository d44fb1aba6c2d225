using Npgsql;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string TicketColumns = "id, token_hash, pin_hash, account_id, instance_symbol, created_at, expires_at, remaining_tries, consumed_at, closed_at";

    private const string DeviceColumns = """
        id, account_id, instance_symbol, name, platform, public_key, key_algorithm, created_at, last_seen_at, revoked_at, revocation_reason
        """;

    // Expired replay entries are swept on one recording in this many (per process), so the cache holds about one clock window.
    private const int SignatureSweepInterval = 1024;

    private int _signaturesRecorded;

    /// <inheritdoc />
    /// <exception cref="PostgresException">The ticket's account does not exist or its id is taken: nothing was written.</exception>
    public async Task CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        StoreValues.Check(ticket);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Two requests of one account take turns, so the later one closes the earlier one's ticket (one open ticket, R7).
        await LockAsync(connection, "pairing", ticket.AccountId.ToString("D"), cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, $"""
            UPDATE {PostgreSqlSchema.Placeholder}.pairing_tickets SET closed_at = @now WHERE account_id = @account AND consumed_at IS NULL AND closed_at IS NULL;
            INSERT INTO {PostgreSqlSchema.Placeholder}.pairing_tickets ({TicketColumns})
            VALUES (@id, @token, @pin, @account, @symbol, @created, @expires, @tries, @consumed, @closed);
            """))
        {
            command
                .Time("now", now)
                .Id("id", ticket.Id)
                .Text("token", ticket.TokenHash)
                .Text("pin", ticket.PinHash)
                .Id("account", ticket.AccountId)
                .Text("symbol", ticket.InstanceSymbol)
                .Time("created", ticket.CreatedAt)
                .Time("expires", ticket.ExpiresAt)
                .Int("tries", ticket.RemainingTries)
                .Time("consumed", ticket.ConsumedAt)
                .Time("closed", ticket.ClosedAt);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>A short token may come round again after its ticket is dead: the newest ticket with the hash is found.</remarks>
    public async Task<PairingTicket?> FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        var found = await ReadListAsync(
            $"SELECT {TicketColumns} FROM {PostgreSqlSchema.Placeholder}.pairing_tickets WHERE token_hash = @hash ORDER BY created_at DESC, id DESC LIMIT 1;",
            c => c.Text("hash", tokenHash),
            Rows.Ticket,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<PairingTicket?> RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // One conditional UPDATE counts the try: concurrent wrong PINs (any process) queue on the row lock and each
        // re-checks the tries left, so exactly as many are counted as there were tries.
        await using (var count = Command(connection, $"""
            UPDATE {PostgreSqlSchema.Placeholder}.pairing_tickets
            SET remaining_tries = remaining_tries - 1, closed_at = CASE WHEN remaining_tries = 1 THEN @now END
            WHERE id = @id AND consumed_at IS NULL AND closed_at IS NULL AND remaining_tries > 0 AND expires_at > @now
            RETURNING {TicketColumns};
            """).Id("id", ticketId).Time("now", now))
        {
            var counted = await count.ReadAllAsync(Rows.Ticket, cancellationToken).ConfigureAwait(false);
            if (counted.Count == 1)
            {
                return counted[0];
            }
        }

        // Not counted (unknown, dead or expired): the ticket as it is.
        await using var read = Command(connection, $"SELECT {TicketColumns} FROM {PostgreSqlSchema.Placeholder}.pairing_tickets WHERE id = @id;").Id("id", ticketId);
        var found = await read.ReadAllAsync(Rows.Ticket, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    /// <exception cref="PostgresException">The device breaks a constraint (its id is taken, its account unknown): nothing was written.</exception>
    public async Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(mail);
        StoreValues.Check(device);
        StoreValues.Check(mail);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The single use: one conditional UPDATE; of concurrent callers exactly one changes the row.
        await using (var consume = Command(connection, """
            UPDATE {schema}.pairing_tickets SET consumed_at = @now
            WHERE id = @id AND consumed_at IS NULL AND closed_at IS NULL AND remaining_tries > 0 AND expires_at > @now
            RETURNING id;
            """).Id("id", ticketId).Time("now", now))
        {
            if (await consume.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await using var read = Command(connection, $"SELECT {TicketColumns} FROM {PostgreSqlSchema.Placeholder}.pairing_tickets WHERE id = @id;").Id("id", ticketId);
                var found = await read.ReadAllAsync(Rows.Ticket, cancellationToken).ConfigureAwait(false);
                return found.Count == 0 ? PairingConsumption.NotFound : found[0] switch
                {
                    { ConsumedAt: not null } => PairingConsumption.AlreadyUsed,
                    { ClosedAt: not null } or { RemainingTries: <= 0 } => PairingConsumption.Closed,
                    var ticket when ticket.ExpiresAt <= now => PairingConsumption.Expired,
                    _ => PairingConsumption.AlreadyUsed,
                };
            }
        }

        await using (var insert = Command(connection, $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.devices ({DeviceColumns})
            VALUES (@id, @account, @symbol, @name, @platform, @key, @algorithm, @created, @seen, @revoked, @reason);
            """))
        {
            insert
                .Id("id", device.Id)
                .Id("account", device.AccountId)
                .Text("symbol", device.InstanceSymbol)
                .Text("name", device.Name)
                .Text("platform", device.Platform)
                .Bytes("key", device.PublicKey)
                .Int("algorithm", (int)device.KeyAlgorithm)
                .Time("created", device.CreatedAt)
                .Time("seen", device.LastSeenAt)
                .Time("revoked", device.RevokedAt)
                .Int("reason", device.RevocationReason is { } reason ? (int)reason : null);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertMailAsync(connection, mail, cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return PairingConsumption.Consumed;
    }

    /// <inheritdoc />
    public async Task<MobileDevice?> FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        var found = await ReadListAsync(
            $"SELECT {DeviceColumns} FROM {PostgreSqlSchema.Placeholder}.devices WHERE id = @id;",
            c => c.Id("id", deviceId),
            Rows.Device,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MobileDevice>> ListDevicesAsync(Guid accountId, CancellationToken cancellationToken) =>
        await ReadListAsync(
            $"SELECT {DeviceColumns} FROM {PostgreSqlSchema.Placeholder}.devices WHERE account_id = @account ORDER BY created_at DESC, id DESC;",
            c => c.Id("account", accountId),
            Rows.Device,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        await ExecuteWithEventAsync(
            "UPDATE {schema}.devices SET revoked_at = @at, revocation_reason = @reason WHERE id = @id AND revoked_at IS NULL;",
            c => c.Id("id", deviceId).Time("at", revokedAt).Int("reason", (int)reason),
            securityEvent,
            onlyWhenChanged: true,
            cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public Task TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE {schema}.devices SET last_seen_at = @at WHERE id = @id AND last_seen_at < @at;",
            c => c.Id("id", deviceId).Time("at", lastSeenAt),
            cancellationToken);

    /// <inheritdoc />
    public async Task<bool> TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        StoreValues.Text(signatureHash, nameof(signatureHash), StoreLimits.Hash);
        if (Interlocked.Increment(ref _signaturesRecorded) % SignatureSweepInterval == 0)
        {
            await ExecuteAsync("DELETE FROM {schema}.signature_replay WHERE expires_at <= @now;", c => c.Time("now", now), cancellationToken).ConfigureAwait(false);
        }

        // One statement: a new signature is inserted, an expired entry of the same signature is renewed, and a live one
        // (a replay) changes nothing. Concurrent inserts of one signature wait on the primary key: one row, one winner.
        return await ExecuteAsync(
            """
            INSERT INTO {schema}.signature_replay AS r (device_id, signature_hash, expires_at) VALUES (@device, @hash, @expires)
            ON CONFLICT (device_id, signature_hash) DO UPDATE SET expires_at = excluded.expires_at WHERE r.expires_at <= @now;
            """,
            c => c.Id("device", deviceId).Text("hash", signatureHash).Time("expires", expiresAt).Time("now", now),
            cancellationToken).ConfigureAwait(false) == 1;
    }
}
