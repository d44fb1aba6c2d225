using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql.Sharding;

// Pairing tickets, devices, the replay cache of signed requests, and passkeys: each in its account's database.
public sealed partial class PostgreSqlShardRouter
{
    async Task IDeviceStore.CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var shard = ShardOf(ticket.InstanceSymbol);
        await shard.RunAsync(s => s.CreatePairingTicketAsync(ticket, now, cancellationToken)).ConfigureAwait(false);
        Remember(ticket.Id, shard);
    }

    // A short pairing token may come round again after its ticket is long dead, in any database: the newest ticket wins,
    // as in one database. A database that did not answer is an error only when no other has a ticket of that token.
    async Task<PairingTicket?> IDeviceStore.FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var runs = _shards.Select(shard => (Task: shard.RunAsync(s => s.FindPairingTicketAsync(tokenHash, cancellationToken)), Shard: shard)).ToArray();
        await Task.WhenAll(runs.Select(r => r.Task.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        var found = runs.Where(r => r.Task.IsCompletedSuccessfully && r.Task.Result is not null).OrderByDescending(r => r.Task.Result!.CreatedAt).ToList();
        if (found.Count == 0)
        {
            return runs.FirstOrDefault(r => r.Task.IsFaulted) is { Task: { } failed } ? throw failed.Exception!.InnerException! : null;
        }

        var (newest, shard) = found[0];
        Remember(newest.Result!.Id, shard);
        return newest.Result;
    }

    async Task<PairingTicket?> IDeviceStore.RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken) =>
        _placements.TryGetValue(ticketId, out var known)
            ? await known.RunAsync(s => s.RecordWrongPinAsync(ticketId, now, cancellationToken)).ConfigureAwait(false)
            : (await FirstFoundAsync(s => s.RecordWrongPinAsync(ticketId, now, cancellationToken)).ConfigureAwait(false))?.Value;

    // The ticket is used in the database of the device it registers, which is its account's: a ticket of another
    // instance is not there, which is "not found", as in one database.
    async Task<PairingConsumption> IDeviceStore.ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        var shard = ShardOf(device.InstanceSymbol);
        var result = await shard.RunAsync(s => s.ConsumePairingTicketAsync(ticketId, now, device, mail, securityEvent, cancellationToken)).ConfigureAwait(false);
        if (result == PairingConsumption.Consumed)
        {
            Remember(device.Id, shard);
        }

        return result;
    }

    async Task<MobileDevice?> IDeviceStore.FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken) =>
        _placements.TryGetValue(deviceId, out var known)
            ? await known.RunAsync(s => s.FindDeviceAsync(deviceId, cancellationToken)).ConfigureAwait(false)
            : (await FirstFoundAsync(s => s.FindDeviceAsync(deviceId, cancellationToken), d => d.Id).ConfigureAwait(false))?.Value;

    async Task<IReadOnlyList<MobileDevice>> IDeviceStore.ListDevicesAsync(Guid accountId, CancellationToken cancellationToken) =>
        await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) is { } shard
            ? await shard.RunAsync(s => s.ListDevicesAsync(accountId, cancellationToken)).ConfigureAwait(false)
            : [];

    async Task<bool> IDeviceStore.RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var shard = await DeviceShardAsync(deviceId, cancellationToken).ConfigureAwait(false) ?? ShardOf(securityEvent?.InstanceSymbol);
        return await shard.RunAsync(s => s.RevokeDeviceAsync(deviceId, revokedAt, reason, securityEvent, cancellationToken)).ConfigureAwait(false);
    }

    async Task IDeviceStore.TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        if (await DeviceShardAsync(deviceId, cancellationToken).ConfigureAwait(false) is { } shard)
        {
            await shard.RunAsync(s => s.TouchDeviceAsync(deviceId, lastSeenAt, cancellationToken)).ConfigureAwait(false);
        }
    }

    // A signature is remembered where its device is, so two nodes replaying one request meet on one primary key.
    async Task<bool> IDeviceStore.TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var shard = await DeviceShardAsync(deviceId, cancellationToken).ConfigureAwait(false) ?? _default;
        return await shard.RunAsync(s => s.TryRecordSignatureAsync(deviceId, signatureHash, now, expiresAt, cancellationToken)).ConfigureAwait(false);
    }

    Task IPasskeyStore.SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ShardOf(challenge.InstanceSymbol).RunAsync(s => s.SaveChallengeAsync(challenge, now, cancellationToken));
    }

    // Taking is one DELETE … RETURNING in the one database that has the challenge: still single use.
    async Task<PasskeyChallenge?> IPasskeyStore.TakeChallengeAsync(string challengeHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await FirstFoundAsync(s => s.TakeChallengeAsync(challengeHash, now, cancellationToken)).ConfigureAwait(false))?.Value;

    async Task<Passkey?> IPasskeyStore.FindPasskeyAsync(string symbol, byte[] credentialId, CancellationToken cancellationToken)
    {
        var shard = ShardOf(symbol);
        var passkey = await shard.RunAsync(s => s.FindPasskeyAsync(symbol, credentialId, cancellationToken)).ConfigureAwait(false);
        if (passkey is not null)
        {
            Remember(passkey.Id, shard);
        }

        return passkey;
    }

    async Task<IReadOnlyList<Passkey>> IPasskeyStore.ListPasskeysAsync(Guid accountId, CancellationToken cancellationToken) =>
        await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) is { } shard
            ? await shard.RunAsync(s => s.ListPasskeysAsync(accountId, cancellationToken)).ConfigureAwait(false)
            : [];

    async Task<StoreWriteResult> IPasskeyStore.AddPasskeyAsync(Passkey passkey, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        var shard = ShardOf(passkey.InstanceSymbol);
        var result = await shard.RunAsync(s => s.AddPasskeyAsync(passkey, notice, securityEvent, cancellationToken)).ConfigureAwait(false);
        if (result == StoreWriteResult.Success)
        {
            Remember(passkey.Id, shard);
        }

        return result;
    }

    async Task<StoreWriteResult> IPasskeyStore.RecordPasskeyUseAsync(Guid passkeyId, long expectedSignCount, long signCount, bool isBackedUp, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        if (_placements.TryGetValue(passkeyId, out var known))
        {
            return await known.RunAsync(s => s.RecordPasskeyUseAsync(passkeyId, expectedSignCount, signCount, isBackedUp, usedAt, cancellationToken)).ConfigureAwait(false);
        }

        // Only the database that has the passkey answers other than NotFound.
        var runs = _shards.Select(shard => shard.RunAsync(s => s.RecordPasskeyUseAsync(passkeyId, expectedSignCount, signCount, isBackedUp, usedAt, cancellationToken))).ToArray();
        await Task.WhenAll(runs.Select(r => r.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        if (runs.FirstOrDefault(r => r.IsCompletedSuccessfully && r.Result != StoreWriteResult.NotFound) is { } answered)
        {
            return answered.Result;
        }

        return runs.FirstOrDefault(r => r.IsFaulted) is { } failed ? throw failed.Exception!.InnerException! : StoreWriteResult.NotFound;
    }

    async Task<StoreWriteResult> IPasskeyStore.RenamePasskeyAsync(Guid accountId, Guid passkeyId, string name, CancellationToken cancellationToken)
    {
        var shard = await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) ?? _default;
        return await shard.RunAsync(s => s.RenamePasskeyAsync(accountId, passkeyId, name, cancellationToken)).ConfigureAwait(false);
    }

    async Task<StoreWriteResult> IPasskeyStore.RemovePasskeyAsync(Guid accountId, Guid passkeyId, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var shard = await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) ?? ShardOfFirst(notice?.InstanceSymbol, securityEvent?.InstanceSymbol);
        return await shard.RunAsync(s => s.RemovePasskeyAsync(accountId, passkeyId, notice, securityEvent, cancellationToken)).ConfigureAwait(false);
    }
}
