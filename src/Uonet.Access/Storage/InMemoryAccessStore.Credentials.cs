using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;

namespace Uonet.Access.Storage;

public sealed partial class InMemoryAccessStore
{
    private readonly Dictionary<Guid, Account> _accounts = [];
    private readonly Dictionary<(string Symbol, string Email), Guid> _accountsByEmail = [];
    private readonly Dictionary<string, LinkToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, AccessSession> _sessions = [];
    private readonly Dictionary<string, AttemptState> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, OutboxMessage> _outbox = [];
    private readonly Dictionary<Guid, SecurityEvent> _events = [];

    /// <inheritdoc />
    public Task<Account?> FindAccountAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        lock (_gate)
        {
            return Task.FromResult(_accountsByEmail.TryGetValue((symbol, email), out var id) ? Copy(_accounts[id]) : null);
        }
    }

    /// <inheritdoc />
    public Task<Account?> FindAccountByIdAsync(Guid accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_accounts.TryGetValue(accountId, out var account) ? Copy(account) : null);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(account);
        StoreValues.Check(securityEvent);
        if (mail is not null)
        {
            StoreValues.Check(mail);
        }

        lock (_gate)
        {
            if (!_accounts.TryGetValue(account.Id, out var current))
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteResult.Conflict);
            }

            if (current.InstanceSymbol != account.InstanceSymbol || current.Email != account.Email)
            {
                throw new ArgumentException("An account's instance and e-mail never change: a new address is a new account (R9).", nameof(account));
            }

            EnsureNewMail(mail, nameof(mail));
            EnsureNewEvent(securityEvent);
            _accounts[account.Id] = Copy(account);
            if (mail is not null)
            {
                _outbox.Add(mail.Id, mail);
            }

            AddEvent(securityEvent);
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task RecordLinkRequestAsync(LinkToken? token, OutboxMessage? mail, DateTimeOffset now, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (token is not null && _tokens.ContainsKey(token.TokenHash))
            {
                throw new ArgumentException("A link token with this hash is already stored.", nameof(token));
            }

            EnsureNewMail(mail, nameof(mail));
            EnsureNewEvent(securityEvent);
            if (token is not null)
            {
                foreach (var open in _tokens.Values.Where(t => t.InstanceSymbol == token.InstanceSymbol && t.Email == token.Email && t.ConsumedAt is null && t.SupersededAt is null).ToList())
                {
                    _tokens[open.TokenHash] = open with { SupersededAt = now };
                }

                _tokens.Add(token.TokenHash, token);
            }

            if (mail is not null)
            {
                _outbox.Add(mail.Id, mail);
            }

            if (token is not null && _accountsByEmail.TryGetValue((token.InstanceSymbol, token.Email), out var accountId))
            {
                AddEvent(securityEvent is null ? null : securityEvent with { AccountId = accountId });
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<LinkToken?> FindLinkTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        lock (_gate)
        {
            return Task.FromResult(_tokens.GetValueOrDefault(tokenHash));
        }
    }

    /// <inheritdoc />
    public Task<LinkToken?> FindOpenLinkTokenAsync(string symbol, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tokens.Values
                .Where(t => t.InstanceSymbol == symbol && t.Email == email && t.ConsumedAt is null && t.SupersededAt is null && t.ExpiresAt > now)
                .MaxBy(t => t.CreatedAt));
        }
    }

    /// <inheritdoc />
    public Task<LinkTokenConsumption> ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(mail);
        lock (_gate)
        {
            if (!_tokens.TryGetValue(tokenHash, out var token))
            {
                return Task.FromResult(LinkTokenConsumption.NotFound);
            }

            if (token.ConsumedAt is not null)
            {
                return Task.FromResult(LinkTokenConsumption.AlreadyUsed);
            }

            if (token.SupersededAt is not null)
            {
                return Task.FromResult(LinkTokenConsumption.Superseded);
            }

            if (token.ExpiresAt <= now)
            {
                return Task.FromResult(LinkTokenConsumption.Expired);
            }

            var key = (account.InstanceSymbol, account.Email);
            if (expectedAccountVersion is null)
            {
                if (_accountsByEmail.ContainsKey(key) || _accounts.ContainsKey(account.Id))
                {
                    return Task.FromResult(LinkTokenConsumption.AccountConflict);
                }
            }
            else if (!_accounts.TryGetValue(account.Id, out var current) || current.Version != expectedAccountVersion)
            {
                return Task.FromResult(LinkTokenConsumption.AccountConflict);
            }

            EnsureNewMail(mail, nameof(mail));
            EnsureNewEvent(securityEvent);
            _tokens[tokenHash] = token with { ConsumedAt = now };
            _accounts[account.Id] = Copy(account);
            _accountsByEmail[key] = account.Id;
            _outbox.Add(mail.Id, mail);
            AddEvent(securityEvent);
            return Task.FromResult(LinkTokenConsumption.Consumed);
        }
    }

    /// <inheritdoc />
    public Task CreateSessionAsync(AccessSession session, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(session);
        lock (_gate)
        {
            if (_sessions.ContainsKey(session.Id))
            {
                throw new ArgumentException($"A session with id {session.Id} already exists.", nameof(session));
            }

            EnsureNewEvent(securityEvent);
            _sessions.Add(session.Id, session);
            AddEvent(securityEvent);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<AccessSession?> FindSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_sessions.GetValueOrDefault(sessionId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AccessSession>> ListAccountSessionsAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<AccessSession> list = [.. _sessions.Values
                .Where(s => s.AccountId == accountId && s.RevokedAt is null && s.ExpiresAt > now)
                .OrderByDescending(s => s.CreatedAt)
                .ThenByDescending(s => s.Id)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task TouchSessionAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(sessionId, out var session) && session.LastSeenAt < lastSeenAt)
            {
                _sessions[sessionId] = session with { LastSeenAt = lastSeenAt };
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureNewEvent(securityEvent);
            if (_sessions.TryGetValue(sessionId, out var session) && session.RevokedAt is null)
            {
                _sessions[sessionId] = session with { RevokedAt = revokedAt };
                AddEvent(securityEvent);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<int> RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureNewEvent(securityEvent);
            AddEvent(securityEvent);
            var open = _sessions.Values.Where(s => s.AccountId == accountId && s.RevokedAt is null).ToList();
            foreach (var session in open)
            {
                _sessions[session.Id] = session with { RevokedAt = revokedAt };
            }

            return Task.FromResult(open.Count);
        }
    }

    /// <inheritdoc />
    public Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        lock (_gate)
        {
            return Task.FromResult(AttemptArithmetic.Read(_attempts.GetValueOrDefault(key), now));
        }
    }

    /// <inheritdoc />
    public Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        StoreValues.Text(key, nameof(key), StoreLimits.AttemptKey);
        StoreValues.Check(securityEvent);
        lock (_gate)
        {
            EnsureNewEvent(securityEvent);
            _attempts.TryGetValue(key, out var state);
            var next = AttemptArithmetic.Record(state, now, policy);
            _attempts[key] = next;
            AddEvent(AttemptArithmetic.EventAfter(securityEvent, next, now));
            return Task.FromResult(next);
        }
    }

    /// <inheritdoc />
    public Task ResetAttemptsAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _attempts.Remove(key);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        StoreValues.Check(message);
        lock (_gate)
        {
            _outbox.Add(message.Id, message);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int maxCount, DateTimeOffset claimUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var due = _outbox.Values
                .Where(m => m.SentAt is null && m.NextAttemptAt <= now && (m.ClaimedUntil is null || m.ClaimedUntil <= now))
                .OrderBy(m => m.CreatedAt)
                .ThenBy(m => m.Id)
                .Take(maxCount)
                .Select(m => m with { ClaimedUntil = claimUntil })
                .ToList();
            foreach (var message in due)
            {
                _outbox[message.Id] = message;
            }

            return Task.FromResult<IReadOnlyList<OutboxMessage>>(due);
        }
    }

    /// <inheritdoc />
    public Task MarkSentAsync(Guid id, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_outbox.TryGetValue(id, out var message))
            {
                _outbox[id] = message with { SentAt = sentAt, ClaimedUntil = null, Attempts = message.Attempts + 1, LastError = null, TextBody = string.Empty, HtmlBody = string.Empty, Link = null };
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_outbox.TryGetValue(id, out var message) && message.SentAt is null)
            {
                _outbox[id] = message with { NextAttemptAt = nextAttemptAt, ClaimedUntil = null, Attempts = message.Attempts + 1, LastError = error };
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxMessage>> ListAsync(string? to, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> list = [.. _outbox.Values
                .Where(m => to is null || m.To == to)
                .OrderByDescending(m => m.CreatedAt)
                .ThenByDescending(m => m.Id)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        lock (_gate)
        {
            EnsureNewEvent(securityEvent);
            AddEvent(securityEvent);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SecurityEvent>> ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            IReadOnlyList<SecurityEvent> list = [.. _events.Values
                .Where(e => e.AccountId == accountId)
                .OrderByDescending(e => e.OccurredAt)
                .ThenByDescending(e => e.Id)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    private void EnsureNewEvent(SecurityEvent? securityEvent)
    {
        StoreValues.Check(securityEvent);
        if (securityEvent is not null && _events.ContainsKey(securityEvent.Id))
        {
            throw new ArgumentException($"The trail already holds an event with id {securityEvent.Id}.", nameof(securityEvent));
        }
    }

    // An event of an account that does not exist is dropped: callers pass events for any address at the same cost.
    private void AddEvent(SecurityEvent? securityEvent)
    {
        if (securityEvent is not null && _accounts.ContainsKey(securityEvent.AccountId))
        {
            _events.Add(securityEvent.Id, securityEvent);
        }
    }

    // Checked before a write changes anything, so that a refused write leaves nothing behind, as a rolled-back
    // transaction of a database store would.
    private void EnsureNewMail(OutboxMessage? mail, string parameterName)
    {
        if (mail is not null && _outbox.ContainsKey(mail.Id))
        {
            throw new ArgumentException($"The outbox already holds a message with id {mail.Id}.", parameterName);
        }
    }

    // Byte arrays are mutable: copy them in and out so a caller changing an array cannot change stored state.
    private static Account Copy(Account account) => account with
    {
        TotpSecret = account.TotpSecret?.ToArray(),
        PendingTotpSecret = account.PendingTotpSecret?.ToArray(),
        RecoveryCodeHashes = [.. account.RecoveryCodeHashes],
    };
}
