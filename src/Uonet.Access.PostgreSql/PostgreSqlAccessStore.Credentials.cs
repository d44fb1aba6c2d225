using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string AccountColumns = """
        id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, closed_at,
        totp_secret, pending_totp_secret, totp_last_step, recovery_code_hashes, version,
        second_factor_ticket_hash, second_factor_expires_at, second_factor_client_hash
        """;

    private const string LinkTokenColumns = "id, token_hash, instance_symbol, email, created_at, expires_at, consumed_at, superseded_at";

    private const string SessionColumns = "id, secret_hash, account_id, instance_symbol, security_stamp, created_at, last_seen_at, expires_at, revoked_at, client_description, client_network";

    // One statement counts an attempt (AttemptArithmetic.Record, in SQL): the row lock of the upsert orders concurrent
    // attempts on one key, across processes, and each sees the count its predecessor left. A locked key is not updated
    // (the WHERE), and then no row comes back.
    private const string RecordAttemptSql = """
        INSERT INTO {schema}.attempts AS a (key, count, window_ends_at, locked_until)
        VALUES (@key,
                CASE WHEN 1 >= @limit THEN 0 ELSE 1 END,
                CASE WHEN 1 >= @limit THEN @lock_ends ELSE @window_ends END,
                CASE WHEN 1 >= @limit THEN @lock_ends END)
        ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) >= @limit THEN 0
                         ELSE (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) END,
            window_ends_at = CASE WHEN (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) >= @limit THEN @lock_ends
                                  WHEN a.window_ends_at > @now THEN a.window_ends_at
                                  ELSE @window_ends END,
            locked_until = CASE WHEN (CASE WHEN a.window_ends_at > @now THEN a.count + 1 ELSE 1 END) >= @limit THEN @lock_ends END
        WHERE a.locked_until IS NULL OR a.locked_until <= @now
        RETURNING count, window_ends_at, locked_until;
        """;

    /// <inheritdoc />
    public async Task<Account?> FindAccountAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        var found = await ReadListAsync(
            $"SELECT {AccountColumns} FROM {PostgreSqlSchema.Placeholder}.accounts WHERE instance_symbol = @symbol AND email = @email;",
            c => c.Text("symbol", symbol).Text("email", email),
            Rows.Account,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<Account?> FindAccountByIdAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var found = await ReadListAsync(
            $"SELECT {AccountColumns} FROM {PostgreSqlSchema.Placeholder}.accounts WHERE id = @id;",
            c => c.Id("id", accountId),
            Rows.Account,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The account's instance or e-mail differ from the stored ones (they never change, R9).</exception>
    public async Task<StoreWriteResult> UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var codes = StoreValues.Check(account);
        StoreValues.Check(securityEvent);
        if (mail is not null)
        {
            StoreValues.Check(mail);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The row lock holds the version read here until the commit: of two writers from one version, the second waits
        // and then reads the first one's version, a conflict.
        await using (var current = Command(connection, "SELECT version, instance_symbol, email FROM {schema}.accounts WHERE id = @id FOR NO KEY UPDATE;").Id("id", account.Id))
        await using (var reader = await current.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return StoreWriteResult.NotFound;
            }

            if (reader.GetInt64(0) != expectedVersion)
            {
                return StoreWriteResult.Conflict;
            }

            if (reader.GetString(1) != account.InstanceSymbol || reader.GetString(2) != account.Email)
            {
                throw new ArgumentException("An account's instance and e-mail never change: a new address is a new account (R9).", nameof(account));
            }
        }

        if (!await ReplaceAccountAsync(connection, account, codes, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            return StoreWriteResult.Conflict;
        }

        if (mail is not null)
        {
            await InsertMailAsync(connection, mail, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    /// <inheritdoc />
    public async Task RecordLinkRequestAsync(LinkToken? token, OutboxMessage? mail, DateTimeOffset now, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (token is not null)
        {
            StoreValues.Check(token);
        }

        if (mail is not null)
        {
            StoreValues.Check(mail);
        }

        if (token is null && mail is null)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (token is not null)
        {
            // Two requests for one address (from two web nodes) take turns here, so the second supersedes the first's
            // token instead of both finding nothing open and leaving two open tokens.
            await LockAsync(connection, "link", token.InstanceSymbol + "\n" + token.Email, cancellationToken).ConfigureAwait(false);
            await using var write = Command(connection, $"""
                UPDATE {PostgreSqlSchema.Placeholder}.link_tokens SET superseded_at = @now
                WHERE instance_symbol = @symbol AND email = @email AND consumed_at IS NULL AND superseded_at IS NULL;
                INSERT INTO {PostgreSqlSchema.Placeholder}.link_tokens ({LinkTokenColumns})
                VALUES (@id, @hash, @symbol, @email, @created, @expires, @consumed, @superseded);
                """)
                .Time("now", now)
                .Id("id", token.Id)
                .Text("hash", token.TokenHash)
                .Text("symbol", token.InstanceSymbol)
                .Text("email", token.Email)
                .Time("created", token.CreatedAt)
                .Time("expires", token.ExpiresAt)
                .Time("consumed", token.ConsumedAt)
                .Time("superseded", token.SupersededAt);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (mail is not null)
        {
            await InsertMailAsync(connection, mail, cancellationToken).ConfigureAwait(false);
        }

        if (token is not null)
        {
            await InsertAddressEventAsync(connection, securityEvent, token.InstanceSymbol, token.Email, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkToken?> FindLinkTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindLinkTokenAsync(connection, tokenHash, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkToken?> FindOpenLinkTokenAsync(string symbol, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT {LinkTokenColumns} FROM {PostgreSqlSchema.Placeholder}.link_tokens
            WHERE instance_symbol = @symbol AND email = @email AND consumed_at IS NULL AND superseded_at IS NULL AND expires_at > @now
            ORDER BY created_at DESC LIMIT 1;
            """)
            .Text("symbol", symbol)
            .Text("email", email)
            .Time("now", now);
        return await ReadLinkTokenAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkTokenConsumption> ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(mail);
        StoreValues.Key(tokenHash, nameof(tokenHash));
        var codes = StoreValues.Check(account);
        StoreValues.Check(mail);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (expectedAccountVersion is not null)
        {
            // The account before the token, the order in which closing an account takes them: a restore racing the
            // closure of its account then waits for it instead of deadlocking with it.
            await using var lockAccount = Command(connection, "SELECT 1 FROM {schema}.accounts WHERE id = @id FOR NO KEY UPDATE;").Id("id", account.Id);
            await lockAccount.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The single use: one conditional UPDATE. Of concurrent callers (any process) exactly one changes the row; the
        // others wait for its row lock, re-check the condition on the committed row and change nothing.
        await using (var consume = Command(connection, """
            UPDATE {schema}.link_tokens SET consumed_at = @now
            WHERE token_hash = @hash AND consumed_at IS NULL AND superseded_at IS NULL AND expires_at > @now
            RETURNING id;
            """).Time("now", now).Text("hash", tokenHash))
        {
            if (await consume.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                // Nothing consumed: say why, from the token as it is now (nothing was written).
                var token = await FindLinkTokenAsync(connection, tokenHash, cancellationToken).ConfigureAwait(false);
                return token switch
                {
                    null => LinkTokenConsumption.NotFound,
                    { ConsumedAt: not null } => LinkTokenConsumption.AlreadyUsed,
                    { SupersededAt: not null } => LinkTokenConsumption.Superseded,
                    _ when token.ExpiresAt <= now => LinkTokenConsumption.Expired,
                    _ => LinkTokenConsumption.AlreadyUsed,
                };
            }
        }

        var accountWritten = expectedAccountVersion is null
            ? await InsertAccountAsync(connection, account, codes, cancellationToken).ConfigureAwait(false)
            : await ReplaceAccountAsync(connection, account, codes, expectedAccountVersion.Value, cancellationToken).ConfigureAwait(false);
        if (!accountWritten)
        {
            // The rollback (disposing the transaction) gives the token back: it was not used.
            return LinkTokenConsumption.AccountConflict;
        }

        await InsertMailAsync(connection, mail, cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return LinkTokenConsumption.Consumed;
    }

    /// <inheritdoc />
    /// <exception cref="PostgresException">The session's account does not exist or its id is taken: nothing was written.</exception>
    public async Task CreateSessionAsync(AccessSession session, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        StoreValues.Check(session);
        await ExecuteWithEventAsync(
            $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.sessions ({SessionColumns})
            VALUES (@id, @hash, @account, @symbol, @stamp, @created, @seen, @expires, @revoked, @client, @network);
            """,
            c => c
                .Id("id", session.Id)
                .Text("hash", session.SecretHash)
                .Id("account", session.AccountId)
                .Text("symbol", session.InstanceSymbol)
                .Text("stamp", session.SecurityStamp)
                .Time("created", session.CreatedAt)
                .Time("seen", session.LastSeenAt)
                .Time("expires", session.ExpiresAt)
                .Time("revoked", session.RevokedAt)
                .Text("client", session.ClientDescription)
                .Text("network", session.ClientNetwork),
            securityEvent,
            onlyWhenChanged: false,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AccessSession?> FindSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var found = await ReadListAsync(
            $"SELECT {SessionColumns} FROM {PostgreSqlSchema.Placeholder}.sessions WHERE id = @id;",
            c => c.Id("id", sessionId),
            Rows.Session,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccessSession>> ListAccountSessionsAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ReadListAsync(
            $"SELECT {SessionColumns} FROM {PostgreSqlSchema.Placeholder}.sessions WHERE account_id = @account AND revoked_at IS NULL AND expires_at > @now ORDER BY created_at DESC, id DESC;",
            c => c.Id("account", accountId).Time("now", now),
            Rows.Session,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task TouchSessionAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE {schema}.sessions SET last_seen_at = @at WHERE id = @id AND last_seen_at < @at;",
            c => c.Id("id", sessionId).Time("at", lastSeenAt),
            cancellationToken);

    /// <inheritdoc />
    public Task RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        ExecuteWithEventAsync(
            "UPDATE {schema}.sessions SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL;",
            c => c.Id("id", sessionId).Time("at", revokedAt),
            securityEvent,
            onlyWhenChanged: true,
            cancellationToken);

    /// <inheritdoc />
    public Task<int> RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        ExecuteWithEventAsync(
            "UPDATE {schema}.sessions SET revoked_at = @at WHERE account_id = @account AND revoked_at IS NULL;",
            c => c.Id("account", accountId).Time("at", revokedAt),
            securityEvent,
            onlyWhenChanged: false,
            cancellationToken);

    /// <inheritdoc />
    public async Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return AttemptArithmetic.Read(await ReadAttemptAsync(connection, key, cancellationToken).ConfigureAwait(false), now);
    }

    /// <inheritdoc />
    public async Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        StoreValues.Text(key, nameof(key), StoreLimits.AttemptKey);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The ends are computed here, not with SQL intervals: an interval of whole days would follow the session's time
        // zone across a daylight-saving change, a TimeSpan never does.
        AttemptState? counted;
        await using (var count = Command(connection, RecordAttemptSql)
            .Text("key", key)
            .Time("now", now)
            .Int("limit", policy.Limit)
            .Time("window_ends", now + policy.Window)
            .Time("lock_ends", now + policy.LockDuration))
        {
            var rows = await count.ReadAllAsync(Rows.Attempt, cancellationToken).ConfigureAwait(false);
            counted = rows.Count == 0 ? null : rows[0];
        }

        if (counted is not null)
        {
            await InsertEventAsync(connection, AttemptArithmetic.EventAfter(securityEvent, counted, now), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return counted;
        }

        // Locked: the upsert locked the row without changing it, so this read sees the state that refused the attempt.
        var locked = await ReadAttemptAsync(connection, key, cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return locked! with { Accepted = false };
    }

    /// <inheritdoc />
    public async Task ResetAttemptsAsync(string key, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await ExecuteAsync("DELETE FROM {schema}.attempts WHERE key = @key;", c => c.Text("key", key), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AttemptState?> ReadAttemptAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT count, window_ends_at, locked_until FROM {schema}.attempts WHERE key = @key;").Text("key", key);
        var found = await command.ReadAllAsync(Rows.Attempt, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<LinkToken?> FindLinkTokenAsync(NpgsqlConnection connection, string tokenHash, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT {LinkTokenColumns} FROM {PostgreSqlSchema.Placeholder}.link_tokens WHERE token_hash = @hash;")
            .Text("hash", tokenHash);
        return await ReadLinkTokenAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Task<LinkToken?> ReadLinkTokenAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.LinkToken, cancellationToken);

    /// <summary>Inserts a new account; false (nothing written) when its id or its address in the instance is taken.</summary>
    private async Task<bool> InsertAccountAsync(NpgsqlConnection connection, Account account, string[] codes, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.accounts ({AccountColumns})
            VALUES (@id, @symbol, @email, @hash, @stamp, @status, @created, @changed, @closed, @totp, @pending, @step, @codes, @version,
                    @sf_hash, @sf_expires, @sf_client)
            ON CONFLICT DO NOTHING;
            """);
        BindAccount(command, account, codes);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Replaces every mutable column when the stored version is the expected one; false when it is not (or the account is gone).</summary>
    private async Task<bool> ReplaceAccountAsync(NpgsqlConnection connection, Account account, string[] codes, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            UPDATE {schema}.accounts SET password_hash = @hash, security_stamp = @stamp, status = @status, created_at = @created,
                                         password_changed_at = @changed, closed_at = @closed, totp_secret = @totp, pending_totp_secret = @pending,
                                         totp_last_step = @step, recovery_code_hashes = @codes, version = @version,
                                         second_factor_ticket_hash = @sf_hash, second_factor_expires_at = @sf_expires,
                                         second_factor_client_hash = @sf_client
            WHERE id = @id AND version = @expected;
            """);
        BindAccount(command, account, codes).Long("expected", expectedVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static NpgsqlCommand BindAccount(NpgsqlCommand command, Account account, string[] codes) => command
        .Id("id", account.Id)
        .Text("symbol", account.InstanceSymbol)
        .Text("email", account.Email)
        .Text("hash", account.PasswordHash)
        .Text("stamp", account.SecurityStamp)
        .Int("status", (int)account.Status)
        .Time("created", account.CreatedAt)
        .Time("changed", account.PasswordChangedAt)
        .Time("closed", account.ClosedAt)
        .Bytes("totp", account.TotpSecret)
        .Bytes("pending", account.PendingTotpSecret)
        .Long("step", account.TotpLastStep)
        .TextArray("codes", codes)
        .Long("version", account.Version)
        .Text("sf_hash", account.SecondFactorTicket?.TicketHash)
        .Time("sf_expires", account.SecondFactorTicket?.ExpiresAt)
        .Text("sf_client", account.SecondFactorTicket?.ClientKeyHash);
}
