using Microsoft.EntityFrameworkCore;
using Uonet.Access.Devices;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    // Expired replay entries are swept on one recording in this many, so the cache holds about one clock window.
    private const int SignatureSweepInterval = 1024;

    private int _signaturesRecorded;

    /// <inheritdoc />
    public Task CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Check(ticket);
        var at = StoredTime.From(now);
        return WriteAsync(
            async (context, token) =>
            {
                // One open ticket per account: the account's row is the lock that makes concurrent requests take turns.
                await LockAccountAsync(context, ticket.AccountId, null, token).ConfigureAwait(false);
                await context.Set<PairingTicketRow>()
                    .Where(t => t.AccountId == ticket.AccountId && t.ConsumedAt == null && t.ClosedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClosedAt, at), token).ConfigureAwait(false);
                context.Add(PairingTicketRow.From(ticket));
                return (true, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PairingTicket?> FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<PairingTicketRow>()
            .Where(t => t.TokenHash == tokenHash)
            .OrderByDescending(t => t.CreatedAt)
            .Take(8)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).FirstOrDefault()?.ToTicket();
    }

    /// <inheritdoc />
    public Task<PairingTicket?> RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(now);
        return WriteAsync<PairingTicket?>(
            async (context, token) =>
            {
                await context.Set<PairingTicketRow>()
                    .Where(t => t.Id == ticketId && t.ConsumedAt == null && t.ClosedAt == null && t.RemainingTries > 0 && t.ExpiresAt > at)
                    .ExecuteUpdateAsync(
                        s => s
                            .SetProperty(t => t.RemainingTries, t => t.RemainingTries - 1)
                            .SetProperty(t => t.ClosedAt, t => t.RemainingTries == 1 ? at : null),
                        token).ConfigureAwait(false);
                var row = await context.Set<PairingTicketRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, token).ConfigureAwait(false);
                return (row?.ToTicket(), true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(device);
        StoreValues.Check(mail);
        StoreValues.Check(securityEvent);
        var at = StoredTime.From(now);
        return WriteAsync<PairingConsumption>(
            async (context, token) =>
            {
                var ticket = await context.Set<PairingTicketRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, token).ConfigureAwait(false);
                var state = State(ticket, at);
                if (state != PairingConsumption.Consumed)
                {
                    return (state, false);
                }

                // The decisive write: of concurrent callers (and a closure of the account) only one finds the ticket open.
                var consumed = await context.Set<PairingTicketRow>()
                    .Where(t => t.Id == ticketId && t.ConsumedAt == null && t.ClosedAt == null && t.RemainingTries > 0 && t.ExpiresAt > at)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, at), token).ConfigureAwait(false);
                if (consumed != 1)
                {
                    var after = State(await context.Set<PairingTicketRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, token).ConfigureAwait(false), at);
                    return (after == PairingConsumption.Consumed ? PairingConsumption.AlreadyUsed : after, false);
                }

                context.Add(DeviceRow.From(device));
                AddMail(context, mail);
                await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                return (PairingConsumption.Consumed, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MobileDevice?> FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<DeviceRow>().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken).ConfigureAwait(false);
        return row?.ToDevice();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MobileDevice>> ListDevicesAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<DeviceRow>().Where(d => d.AccountId == accountId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToDevice()).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)];
    }

    /// <inheritdoc />
    public async Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(revokedAt);
        var why = (int)reason;
        return await ChangeWithEventAsync(
            (c, t) => c.Set<DeviceRow>()
                .Where(d => d.Id == deviceId && d.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.RevokedAt, at).SetProperty(d => d.RevocationReason, why), t),
            securityEvent,
            onlyWhenChanged: true,
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(lastSeenAt);
        return ExecuteAsync(
            c => c.Set<DeviceRow>().Where(d => d.Id == deviceId && d.LastSeenAt < at).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, at), cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        StoreValues.Text(signatureHash, nameof(signatureHash), StoreLimits.Hash);
        var at = StoredTime.From(now);
        var expires = StoredTime.From(expiresAt);
        if (Interlocked.Increment(ref _signaturesRecorded) % SignatureSweepInterval == 0)
        {
            await ExecuteAsync(c => c.Set<SignatureRow>().Where(s => s.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await WriteAsync<bool>(
                async (context, token) =>
                {
                    // An expired entry of the same signature is renewed; a live one is a replay and changes nothing.
                    var renewed = await context.Set<SignatureRow>()
                        .Where(s => s.DeviceId == deviceId && s.SignatureHash == signatureHash && s.ExpiresAt <= at)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, expires), token).ConfigureAwait(false);
                    if (renewed == 1)
                    {
                        return (true, true);
                    }

                    if (await context.Set<SignatureRow>().AnyAsync(s => s.DeviceId == deviceId && s.SignatureHash == signatureHash, token).ConfigureAwait(false))
                    {
                        return (false, false);
                    }

                    context.Add(new SignatureRow { DeviceId = deviceId, SignatureHash = signatureHash, ExpiresAt = expires });
                    return (true, true);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A concurrent request carried the same signature and recorded it first: this one is the replay.
            return false;
        }
    }

    /// <inheritdoc />
    public Task<bool> CloseAccountAsync(Guid accountId, DateTimeOffset now, DeviceRevocationReason deviceReason, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        var at = StoredTime.From(now);
        var reason = (int)deviceReason;
        var stamp = NewSecurityStamp();
        return WriteAsync<bool>(
            async (context, token) =>
            {
                var closed = await context.Set<AccountRow>()
                    .Where(a => a.Id == accountId && a.Status != (int)Credentials.AccountStatus.Closed)
                    .ExecuteUpdateAsync(
                        s => s
                            .SetProperty(a => a.Status, (int)Credentials.AccountStatus.Closed)
                            .SetProperty(a => a.ClosedAt, at)
                            .SetProperty(a => a.SecurityStamp, stamp)
                            .SetProperty(a => a.Version, a => a.Version + 1),
                        token).ConfigureAwait(false);
                if (closed != 1)
                {
                    return (false, false);
                }

                var account = await context.Set<AccountRow>().AsNoTracking()
                    .Where(a => a.Id == accountId)
                    .Select(a => new { a.InstanceSymbol, a.Email })
                    .FirstAsync(token).ConfigureAwait(false);

                // Tickets before devices: a pairing that got its ticket first has committed its device by the time the
                // ticket's row is free, and the devices statement that follows sees it.
                await context.Set<PairingTicketRow>()
                    .Where(t => t.AccountId == accountId && t.ConsumedAt == null && t.ClosedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClosedAt, at), token).ConfigureAwait(false);
                await context.Set<DeviceRow>()
                    .Where(d => d.AccountId == accountId && d.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.RevokedAt, at).SetProperty(d => d.RevocationReason, reason), token).ConfigureAwait(false);
                await context.Set<SessionRow>()
                    .Where(s => s.AccountId == accountId && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.RevokedAt, at), token).ConfigureAwait(false);
                await context.Set<LinkTokenRow>()
                    .Where(t => t.InstanceSymbol == account.InstanceSymbol && t.Email == account.Email && t.ConsumedAt == null && t.SupersededAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.SupersededAt, at), token).ConfigureAwait(false);
                await context.Set<AccountLinkRow>()
                    .Where(l => l.AccountId == accountId || l.LinkedAccountId == accountId)
                    .ExecuteDeleteAsync(token).ConfigureAwait(false);
                await context.Set<PasskeyRow>().Where(p => p.AccountId == accountId).ExecuteDeleteAsync(token).ConfigureAwait(false);
                AddMail(context, notice);
                await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                return (true, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(now);
        return WriteRetryingInsertAsync(
            async (context, token) =>
            {
                foreach (var (from, to) in new[] { (accountId, otherAccountId), (otherAccountId, accountId) })
                {
                    if (!await context.Set<AccountLinkRow>().AnyAsync(l => l.AccountId == from && l.LinkedAccountId == to, token).ConfigureAwait(false)
                        && context.Set<AccountLinkRow>().Local.All(l => l.AccountId != from || l.LinkedAccountId != to))
                    {
                        context.Add(new AccountLinkRow { AccountId = from, LinkedAccountId = to, CreatedAt = at });
                    }
                }

                return (true, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            c => c.Set<AccountLinkRow>()
                .Where(l => (l.AccountId == accountId && l.LinkedAccountId == otherAccountId) || (l.AccountId == otherAccountId && l.LinkedAccountId == accountId))
                .ExecuteDeleteAsync(cancellationToken),
            cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var ids = await context.Set<AccountLinkRow>().Where(l => l.AccountId == accountId).Select(l => l.LinkedAccountId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. ids.Order()];
    }

    // The same shape as the library's own stamps: 128 random bits, base64url.
    private static string NewSecurityStamp() =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static PairingConsumption State(PairingTicketRow? ticket, long now) => ticket switch
    {
        null => PairingConsumption.NotFound,
        { ConsumedAt: not null } => PairingConsumption.AlreadyUsed,
        { ClosedAt: not null } or { RemainingTries: <= 0 } => PairingConsumption.Closed,
        _ when ticket.ExpiresAt <= now => PairingConsumption.Expired,
        _ => PairingConsumption.Consumed,
    };
}
