using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql.Sharding;

// Accounts, link tokens, sessions, counters, security events and the per-request snapshots.
public sealed partial class PostgreSqlShardRouter
{
    async Task<Account?> IAccountStore.FindAccountAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        var shard = ShardOf(symbol);
        var account = await shard.RunAsync(s => s.FindAccountAsync(symbol, email, cancellationToken)).ConfigureAwait(false);
        if (account is not null)
        {
            Remember(account.Id, shard);
        }

        return account;
    }

    async Task<Account?> IAccountStore.FindAccountByIdAsync(Guid accountId, CancellationToken cancellationToken) =>
        _placements.TryGetValue(accountId, out var known)
            ? await known.RunAsync(s => s.FindAccountByIdAsync(accountId, cancellationToken)).ConfigureAwait(false)
            : (await FirstFoundAsync(s => s.FindAccountByIdAsync(accountId, cancellationToken), a => a.Id).ConfigureAwait(false))?.Value;

    Task<StoreWriteResult> IAccountStore.UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ShardOf(account.InstanceSymbol)
            .RunAsync(s => s.UpdateAccountAsync(account, expectedVersion, mail, securityEvent, cancellationToken));
    }

    Task ILinkTokenStore.RecordLinkRequestAsync(LinkToken? token, OutboxMessage? mail, DateTimeOffset now, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        ShardOfFirst(token?.InstanceSymbol, mail?.InstanceSymbol, securityEvent?.InstanceSymbol)
            .RunAsync(s => s.RecordLinkRequestAsync(token, mail, now, securityEvent, cancellationToken));

    async Task<LinkToken?> ILinkTokenStore.FindLinkTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        (await FirstFoundAsync(s => s.FindLinkTokenAsync(tokenHash, cancellationToken)).ConfigureAwait(false))?.Value;

    Task<LinkToken?> ILinkTokenStore.FindOpenLinkTokenAsync(string symbol, string email, DateTimeOffset now, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindOpenLinkTokenAsync(symbol, email, now, cancellationToken));

    // The token is consumed in the database of the account it creates or updates: a token of another instance is not
    // there, which is "not found", as for a token of another instance in one database.
    Task<LinkTokenConsumption> ILinkTokenStore.ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ShardOf(account.InstanceSymbol)
            .RunAsync(s => s.ConsumeLinkTokenAsync(tokenHash, now, account, expectedAccountVersion, mail, securityEvent, cancellationToken));
    }

    async Task ISessionStore.CreateSessionAsync(AccessSession session, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var shard = ShardOf(session.InstanceSymbol);
        await shard.RunAsync(s => s.CreateSessionAsync(session, securityEvent, cancellationToken)).ConfigureAwait(false);
        Remember(session.Id, shard);
    }

    async Task<AccessSession?> ISessionStore.FindSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        _placements.TryGetValue(sessionId, out var known)
            ? await known.RunAsync(s => s.FindSessionAsync(sessionId, cancellationToken)).ConfigureAwait(false)
            : (await FirstFoundAsync(s => s.FindSessionAsync(sessionId, cancellationToken), found => found.Id).ConfigureAwait(false))?.Value;

    async Task<IReadOnlyList<AccessSession>> ISessionStore.ListAccountSessionsAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) is { } shard
            ? await shard.RunAsync(s => s.ListAccountSessionsAsync(accountId, now, cancellationToken)).ConfigureAwait(false)
            : [];

    async Task ISessionStore.TouchSessionAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        if (await SessionShardAsync(sessionId, cancellationToken).ConfigureAwait(false) is { } shard)
        {
            await shard.RunAsync(s => s.TouchSessionAsync(sessionId, lastSeenAt, cancellationToken)).ConfigureAwait(false);
        }
    }

    async Task ISessionStore.RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var shard = await SessionShardAsync(sessionId, cancellationToken).ConfigureAwait(false) ?? ShardOf(securityEvent?.InstanceSymbol);
        await shard.RunAsync(s => s.RevokeSessionAsync(sessionId, revokedAt, securityEvent, cancellationToken)).ConfigureAwait(false);
    }

    async Task<int> ISessionStore.RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var shard = await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) ?? ShardOf(securityEvent?.InstanceSymbol);
        return await shard.RunAsync(s => s.RevokeAccountSessionsAsync(accountId, revokedAt, securityEvent, cancellationToken)).ConfigureAwait(false);
    }

    Task<AttemptState> IAttemptCounterStore.GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        ShardOfKey(key).RunAsync(s => s.GetAttemptsAsync(key, now, cancellationToken));

    Task<AttemptState> IAttemptCounterStore.RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var shard = ShardOfKey(key);
        if (securityEvent is not null && ShardOf(securityEvent.InstanceSymbol) != shard)
        {
            throw new ArgumentException(
                $"The counter '{key}' and the security event of instance '{securityEvent.InstanceSymbol}' are kept in different databases; record the event on its own (AppendSecurityEventAsync).",
                nameof(securityEvent));
        }

        return shard.RunAsync(s => s.RecordAttemptAsync(key, now, policy, securityEvent, cancellationToken));
    }

    Task IAttemptCounterStore.ResetAttemptsAsync(string key, CancellationToken cancellationToken) =>
        ShardOfKey(key).RunAsync(s => s.ResetAttemptsAsync(key, cancellationToken));

    Task ISecurityEventStore.AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        return ShardOf(securityEvent.InstanceSymbol).RunAsync(s => s.AppendSecurityEventAsync(securityEvent, cancellationToken));
    }

    async Task<IReadOnlyList<SecurityEvent>> ISecurityEventStore.ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken) =>
        await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) is { } shard
            ? await shard.RunAsync(s => s.ListSecurityEventsAsync(accountId, limit, cancellationToken)).ConfigureAwait(false)
            : [];

    async Task<SessionSnapshot?> IRequestSnapshotStore.ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_placements.TryGetValue(sessionId, out var known))
        {
            return await known.RunAsync(s => s.ReadSessionSnapshotAsync(sessionId, cancellationToken)).ConfigureAwait(false);
        }

        var found = await FirstFoundAsync(s => s.ReadSessionSnapshotAsync(sessionId, cancellationToken), snapshot => snapshot.Session.Id).ConfigureAwait(false);
        if (found is { Value.Account: { } account } placed)
        {
            Remember(account.Id, placed.Shard);
        }

        return found?.Value;
    }

    async Task<DeviceSnapshot?> IRequestSnapshotStore.ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        if (_placements.TryGetValue(deviceId, out var known))
        {
            return await known.RunAsync(s => s.ReadDeviceSnapshotAsync(deviceId, cancellationToken)).ConfigureAwait(false);
        }

        var found = await FirstFoundAsync(s => s.ReadDeviceSnapshotAsync(deviceId, cancellationToken), snapshot => snapshot.Device.Id).ConfigureAwait(false);
        if (found is { Value.Account: { } account } placed)
        {
            Remember(account.Id, placed.Shard);
        }

        return found?.Value;
    }

    Task<StandingSources> IRequestSnapshotStore.ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.ReadStandingSourcesAsync(symbol, email, withStaff, cancellationToken));

    /// <summary>
    /// The database of a counter: an address counter (<c>signin:address:{symbol}:{e-mail}</c>,
    /// <c>start:address:{symbol}:{e-mail}</c>, the library's own keys) lives with its instance; every other counter (per
    /// client, or of a key of the host's own) in the default database. Every process routes a key the same way, so each
    /// counter is one row in one database.
    /// </summary>
    private PostgreSqlShard ShardOfKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':', 4);
        return parts.Length == 4 && parts[1] == "address" ? ShardOf(parts[2]) : _default;
    }
}
