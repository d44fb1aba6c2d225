using Microsoft.EntityFrameworkCore;
using Uonet.Access.Credentials;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public async Task<Account?> FindAccountAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<AccountRow>().FirstOrDefaultAsync(a => a.InstanceSymbol == symbol && a.Email == email, cancellationToken).ConfigureAwait(false);
        return row?.ToAccount();
    }

    /// <inheritdoc />
    public async Task<Account?> FindAccountByIdAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<AccountRow>().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken).ConfigureAwait(false);
        return row?.ToAccount();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The account's instance or e-mail differ from the stored ones (they never change, R9).</exception>
    public Task<StoreWriteResult> UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var codes = AccountRow.Codes(StoreValues.Check(account));
        StoreValues.Check(securityEvent);
        if (mail is not null)
        {
            StoreValues.Check(mail);
        }

        return WriteAsync<StoreWriteResult>(
            async (context, token) =>
            {
                var current = await context.Set<AccountRow>().AsNoTracking()
                    .Where(a => a.Id == account.Id)
                    .Select(a => new { a.Version, a.InstanceSymbol, a.Email })
                    .FirstOrDefaultAsync(token).ConfigureAwait(false);
                if (current is null)
                {
                    return (StoreWriteResult.NotFound, false);
                }

                if (current.Version != expectedVersion)
                {
                    return (StoreWriteResult.Conflict, false);
                }

                if (current.InstanceSymbol != account.InstanceSymbol || current.Email != account.Email)
                {
                    throw new ArgumentException("An account's instance and e-mail never change: a new address is a new account (R9).", nameof(account));
                }

                if (!await ReplaceAccountAsync(context, account, codes, expectedVersion, token).ConfigureAwait(false))
                {
                    return (StoreWriteResult.Conflict, false);
                }

                AddMail(context, mail);
                await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                return (StoreWriteResult.Success, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordLinkRequestAsync(LinkToken? token, OutboxMessage? mail, DateTimeOffset now, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (token is not null)
        {
            StoreValues.Text(token.TokenHash, "LinkToken.TokenHash", StoreLimits.Hash);
            StoreValues.Text(token.InstanceSymbol, "LinkToken.InstanceSymbol", StoreLimits.Symbol);
            StoreValues.Text(token.Email, "LinkToken.Email", StoreLimits.Email);
        }

        if (mail is not null)
        {
            StoreValues.Check(mail);
        }

        var at = StoredTime.From(now);
        await WriteAsync(
            async (context, cancel) =>
            {
                if (token is not null)
                {
                    // One open token per address, and the address may have no row of its own yet: the instance's row is
                    // the lock that makes concurrent requests for one address take turns.
                    await context.Set<InstanceRow>().Where(i => i.Symbol == token.InstanceSymbol)
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.Name, i => i.Name), cancel).ConfigureAwait(false);
                    await context.Set<LinkTokenRow>()
                        .Where(t => t.InstanceSymbol == token.InstanceSymbol && t.Email == token.Email && t.ConsumedAt == null && t.SupersededAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(t => t.SupersededAt, at), cancel).ConfigureAwait(false);
                    context.Add(LinkTokenRow.From(token));
                }

                AddMail(context, mail);
                if (token is not null && securityEvent is not null)
                {
                    var owner = await context.Set<AccountRow>()
                        .Where(a => a.InstanceSymbol == token.InstanceSymbol && a.Email == token.Email)
                        .Select(a => (Guid?)a.Id)
                        .FirstOrDefaultAsync(cancel).ConfigureAwait(false);
                    if (owner is { } id)
                    {
                        context.Add(SecurityEventRow.From(securityEvent, id, token.InstanceSymbol));
                    }
                }

                return (true, true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkToken?> FindLinkTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<LinkTokenRow>().FirstOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken).ConfigureAwait(false);
        return row?.ToToken();
    }

    /// <inheritdoc />
    public async Task<LinkToken?> FindOpenLinkTokenAsync(string symbol, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        var at = StoredTime.From(now);
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<LinkTokenRow>()
            .Where(t => t.InstanceSymbol == symbol && t.Email == email && t.ConsumedAt == null && t.SupersededAt == null && t.ExpiresAt > at)
            .OrderByDescending(t => t.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row?.ToToken();
    }

    /// <inheritdoc />
    public Task<LinkTokenConsumption> ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(mail);
        StoreValues.Key(tokenHash, nameof(tokenHash));
        var codes = AccountRow.Codes(StoreValues.Check(account));
        StoreValues.Check(mail);
        StoreValues.Check(securityEvent);
        var at = StoredTime.From(now);
        return WriteRetryingInsertAsync<LinkTokenConsumption>(
            async (context, token) =>
            {
                var found = await context.Set<LinkTokenRow>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == tokenHash, token).ConfigureAwait(false);
                var state = State(found, at);
                if (state != LinkTokenConsumption.Consumed)
                {
                    return (state, false);
                }

                // The decisive write: of concurrent callers only one finds the token still open when it gets the row.
                var consumed = await context.Set<LinkTokenRow>()
                    .Where(t => t.TokenHash == tokenHash && t.ConsumedAt == null && t.SupersededAt == null && t.ExpiresAt > at)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, at), token).ConfigureAwait(false);
                if (consumed != 1)
                {
                    var after = State(await context.Set<LinkTokenRow>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == tokenHash, token).ConfigureAwait(false), at);
                    return (after == LinkTokenConsumption.Consumed ? LinkTokenConsumption.AlreadyUsed : after, false);
                }

                if (expectedAccountVersion is null)
                {
                    if (await context.Set<AccountRow>().AnyAsync(a => a.Id == account.Id || (a.InstanceSymbol == account.InstanceSymbol && a.Email == account.Email), token).ConfigureAwait(false))
                    {
                        return (LinkTokenConsumption.AccountConflict, false);
                    }

                    context.Add(AccountRow.From(account, codes));
                }
                else if (!await ReplaceAccountAsync(context, account, codes, expectedAccountVersion.Value, token).ConfigureAwait(false))
                {
                    return (LinkTokenConsumption.AccountConflict, false);
                }

                AddMail(context, mail);
                if (securityEvent?.AccountId == account.Id)
                {
                    // The account may be the one this write creates: the event is added beside it, not looked up.
                    context.Add(SecurityEventRow.From(securityEvent, account.Id, securityEvent.InstanceSymbol));
                }
                else
                {
                    await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                }

                return (LinkTokenConsumption.Consumed, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task CreateSessionAsync(AccessSession session, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(session);
        StoreValues.Check(securityEvent);
        return WriteAsync(
            async (context, token) =>
            {
                context.Add(SessionRow.From(session));
                await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                return (true, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AccessSession?> FindSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<SessionRow>().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken).ConfigureAwait(false);
        return row?.ToSession();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccessSession>> ListAccountSessionsAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(now);
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<SessionRow>()
            .Where(s => s.AccountId == accountId && s.RevokedAt == null && s.ExpiresAt > at)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToSession()).OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)];
    }

    /// <inheritdoc />
    public Task TouchSessionAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(lastSeenAt);
        return ExecuteAsync(
            c => c.Set<SessionRow>().Where(s => s.Id == sessionId && s.LastSeenAt < at).ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeenAt, at), cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(revokedAt);
        return ChangeWithEventAsync(
            (c, t) => c.Set<SessionRow>().Where(s => s.Id == sessionId && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.RevokedAt, at), t),
            securityEvent,
            onlyWhenChanged: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(revokedAt);
        return ChangeWithEventAsync(
            (c, t) => c.Set<SessionRow>().Where(s => s.AccountId == accountId && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.RevokedAt, at), t),
            securityEvent,
            onlyWhenChanged: false,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<AttemptRow>().FirstOrDefaultAsync(a => a.Key == key, cancellationToken).ConfigureAwait(false);
        return AttemptArithmetic.Read(row?.ToState(), now);
    }

    /// <inheritdoc />
    public Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        StoreValues.Text(key, nameof(key), StoreLimits.AttemptKey);
        StoreValues.Check(securityEvent);
        return WriteRetryingInsertAsync<AttemptState>(
            async (context, token) =>
            {
                // Lock the counter's row (a write that changes nothing) before reading it, so concurrent attempts count one
                // after another; a first attempt has no row to lock, and two first inserts race on the key: the loser's
                // transaction fails and runs again against the winner's row. A row committed between the lock that found
                // nothing and the read is read again under its lock: read unlocked, its count could be written over by
                // another attempt's (PostgreSQL's read committed; SQLite's writers already take turns).
                var locked = await LockAttemptAsync(context, key, token).ConfigureAwait(false);
                var row = await context.Set<AttemptRow>().FirstOrDefaultAsync(a => a.Key == key, token).ConfigureAwait(false);
                if (row is not null && locked == 0)
                {
                    context.ChangeTracker.Clear();
                    await LockAttemptAsync(context, key, token).ConfigureAwait(false);
                    row = await context.Set<AttemptRow>().FirstOrDefaultAsync(a => a.Key == key, token).ConfigureAwait(false);
                }

                var next = AttemptArithmetic.Record(row?.ToState(), now, policy);
                if (next.Accepted)
                {
                    row ??= context.Add(new AttemptRow { Key = key }).Entity;
                    row.Count = next.Count;
                    row.WindowEndsAt = StoredTime.From(next.WindowEndsAt);
                    row.LockedUntil = StoredTime.From(next.LockedUntil);
                }

                await AddEventAsync(context, AttemptArithmetic.EventAfter(securityEvent, next, now), token).ConfigureAwait(false);
                return (next, true);
            },
            cancellationToken);
    }

    private static Task<int> LockAttemptAsync(TContext context, string key, CancellationToken cancellationToken) =>
        context.Set<AttemptRow>().Where(a => a.Key == key).ExecuteUpdateAsync(s => s.SetProperty(a => a.Count, a => a.Count), cancellationToken);

    /// <inheritdoc />
    public Task ResetAttemptsAsync(string key, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        return ExecuteAsync(c => c.Set<AttemptRow>().Where(a => a.Key == key).ExecuteDeleteAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs one conditional write and adds <paramref name="securityEvent"/> (if any) in one transaction: always, or only
    /// when the write changed a row. Returns the rows it changed.
    /// </summary>
    private Task<int> ChangeWithEventAsync(Func<TContext, CancellationToken, Task<int>> change, SecurityEvent? securityEvent, bool onlyWhenChanged, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        return WriteAsync<int>(
            async (context, token) =>
            {
                var changed = await change(context, token).ConfigureAwait(false);
                if (changed > 0 || !onlyWhenChanged)
                {
                    await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                }

                return (changed, true);
            },
            cancellationToken);
    }

    /// <summary>Replaces every mutable column when the stored version is the expected one; false when it is not (or the account is gone).</summary>
    private static async Task<bool> ReplaceAccountAsync(TContext context, Account account, string codes, long expectedVersion, CancellationToken cancellationToken)
    {
        var row = AccountRow.From(account, codes);
        return await context.Set<AccountRow>()
            .Where(a => a.Id == account.Id && a.Version == expectedVersion)
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(a => a.PasswordHash, row.PasswordHash)
                    .SetProperty(a => a.SecurityStamp, row.SecurityStamp)
                    .SetProperty(a => a.Status, row.Status)
                    .SetProperty(a => a.CreatedAt, row.CreatedAt)
                    .SetProperty(a => a.PasswordChangedAt, row.PasswordChangedAt)
                    .SetProperty(a => a.ClosedAt, row.ClosedAt)
                    .SetProperty(a => a.TotpSecret, row.TotpSecret)
                    .SetProperty(a => a.PendingTotpSecret, row.PendingTotpSecret)
                    .SetProperty(a => a.TotpLastStep, row.TotpLastStep)
                    .SetProperty(a => a.RecoveryCodeHashes, row.RecoveryCodeHashes)
                    .SetProperty(a => a.Version, row.Version)
                    .SetProperty(a => a.SecondFactorTicketHash, row.SecondFactorTicketHash)
                    .SetProperty(a => a.SecondFactorExpiresAt, row.SecondFactorExpiresAt)
                    .SetProperty(a => a.SecondFactorClientHash, row.SecondFactorClientHash),
                cancellationToken).ConfigureAwait(false) == 1;
    }

    private static LinkTokenConsumption State(LinkTokenRow? token, long now) => token switch
    {
        null => LinkTokenConsumption.NotFound,
        { ConsumedAt: not null } => LinkTokenConsumption.AlreadyUsed,
        { SupersededAt: not null } => LinkTokenConsumption.Superseded,
        _ when token.ExpiresAt <= now => LinkTokenConsumption.Expired,
        _ => LinkTokenConsumption.Consumed,
    };

    private static void AddMail(TContext context, OutboxMessage? mail)
    {
        if (mail is not null)
        {
            context.Add(OutboxRow.From(mail));
        }
    }
}
