using System.Text.Json;
using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SelectAccount = """
        SELECT id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, closed_at,
               totp_secret, pending_totp_secret, totp_last_step, recovery_code_hashes, version,
               second_factor_ticket_hash, second_factor_expires_at, second_factor_client_hash
        FROM accounts
        """;

    private const string SelectLinkToken = "SELECT id, token_hash, instance_symbol, email, created_at, expires_at, consumed_at, superseded_at FROM link_tokens";

    private const string SelectSession = """
        SELECT id, secret_hash, account_id, instance_symbol, security_stamp, created_at, last_seen_at, expires_at, revoked_at,
               client_description, client_network
        FROM sessions
        """;

    /// <inheritdoc />
    public async Task<Account?> FindAccountAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectAccount + " WHERE instance_symbol = $symbol AND email = $email;")
            .With("$symbol", symbol)
            .With("$email", email);
        return await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Account?> FindAccountByIdAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectAccount + " WHERE id = $id;").With("$id", Sql.Id(accountId));
        return await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The account's instance or e-mail differ from the stored ones (they never change, R9).</exception>
    public async Task<StoreWriteResult> UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var codes = CheckAccount(account);
        StoreValues.Check(securityEvent);
        if (mail is not null)
        {
            StoreValues.Check(mail);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using (var current = Sql.Command(connection, transaction, "SELECT version, instance_symbol, email FROM accounts WHERE id = $id;").With("$id", Sql.Id(account.Id)))
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

        if (!await ReplaceAccountAsync(connection, transaction, account, codes, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            return StoreWriteResult.Conflict;
        }

        if (mail is not null)
        {
            await InsertMailAsync(connection, transaction, mail, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
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

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        if (token is not null)
        {
            await using var write = Sql.Command(connection, transaction, """
                UPDATE link_tokens SET superseded_at = $now
                WHERE instance_symbol = $symbol AND email = $email AND consumed_at IS NULL AND superseded_at IS NULL;
                INSERT INTO link_tokens (id, token_hash, instance_symbol, email, created_at, expires_at, consumed_at, superseded_at)
                VALUES ($id, $hash, $symbol, $email, $created, $expires, $consumed, $superseded);
                """)
                .With("$now", Sql.Time(now))
                .With("$id", Sql.Id(token.Id))
                .With("$hash", token.TokenHash)
                .With("$symbol", token.InstanceSymbol)
                .With("$email", token.Email)
                .With("$created", Sql.Time(token.CreatedAt))
                .With("$expires", Sql.Time(token.ExpiresAt))
                .With("$consumed", Sql.Time(token.ConsumedAt))
                .With("$superseded", Sql.Time(token.SupersededAt));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (mail is not null)
        {
            await InsertMailAsync(connection, transaction, mail, cancellationToken).ConfigureAwait(false);
        }

        if (token is not null)
        {
            await InsertAddressEventAsync(connection, transaction, securityEvent, token.InstanceSymbol, token.Email, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkToken?> FindLinkTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        StoreValues.Key(tokenHash, nameof(tokenHash));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindLinkTokenAsync(connection, null, tokenHash, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkToken?> FindOpenLinkTokenAsync(string symbol, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectLinkToken + """
             WHERE instance_symbol = $symbol AND email = $email AND consumed_at IS NULL AND superseded_at IS NULL AND expires_at > $now
             ORDER BY created_at DESC LIMIT 1;
            """)
            .With("$symbol", symbol)
            .With("$email", email)
            .With("$now", Sql.Time(now));
        return await ReadLinkTokenAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LinkTokenConsumption> ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(mail);
        StoreValues.Key(tokenHash, nameof(tokenHash));
        var codes = CheckAccount(account);
        StoreValues.Check(mail);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        var token = await FindLinkTokenAsync(connection, transaction, tokenHash, cancellationToken).ConfigureAwait(false);
        var state = token switch
        {
            null => LinkTokenConsumption.NotFound,
            { ConsumedAt: not null } => LinkTokenConsumption.AlreadyUsed,
            { SupersededAt: not null } => LinkTokenConsumption.Superseded,
            _ when token.ExpiresAt <= now => LinkTokenConsumption.Expired,
            _ => LinkTokenConsumption.Consumed,
        };
        if (state != LinkTokenConsumption.Consumed)
        {
            return state;
        }

        if (expectedAccountVersion is null)
        {
            await using var taken = Sql.Command(connection, transaction, "SELECT 1 FROM accounts WHERE id = $id OR (instance_symbol = $symbol AND email = $email);")
                .With("$id", Sql.Id(account.Id))
                .With("$symbol", account.InstanceSymbol)
                .With("$email", account.Email);
            if (await taken.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return LinkTokenConsumption.AccountConflict;
            }

            await InsertAccountAsync(connection, transaction, account, codes, cancellationToken).ConfigureAwait(false);
        }
        else if (!await ReplaceAccountAsync(connection, transaction, account, codes, expectedAccountVersion.Value, cancellationToken).ConfigureAwait(false))
        {
            return LinkTokenConsumption.AccountConflict;
        }

        await using (var consume = Sql.Command(connection, transaction, """
            UPDATE link_tokens SET consumed_at = $now WHERE token_hash = $hash AND consumed_at IS NULL AND superseded_at IS NULL;
            """))
        {
            consume.With("$now", Sql.Time(now)).With("$hash", tokenHash);
            if (await consume.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return LinkTokenConsumption.AlreadyUsed;
            }
        }

        await InsertMailAsync(connection, transaction, mail, cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return LinkTokenConsumption.Consumed;
    }

    /// <inheritdoc />
    public async Task CreateSessionAsync(AccessSession session, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(session);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO sessions (id, secret_hash, account_id, instance_symbol, security_stamp, created_at, last_seen_at, expires_at, revoked_at,
                                  client_description, client_network)
            VALUES ($id, $hash, $account, $symbol, $stamp, $created, $seen, $expires, $revoked, $client, $network);
            """)
            .With("$id", Sql.Id(session.Id))
            .With("$hash", session.SecretHash)
            .With("$account", Sql.Id(session.AccountId))
            .With("$symbol", session.InstanceSymbol)
            .With("$stamp", session.SecurityStamp)
            .With("$created", Sql.Time(session.CreatedAt))
            .With("$seen", Sql.Time(session.LastSeenAt))
            .With("$expires", Sql.Time(session.ExpiresAt))
            .With("$revoked", Sql.Time(session.RevokedAt))
            .With("$client", session.ClientDescription)
            .With("$network", session.ClientNetwork);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AccessSession?> FindSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectSession + " WHERE id = $id;").With("$id", Sql.Id(sessionId));
        var found = await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccessSession>> ListAccountSessionsAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectSession + " WHERE account_id = $account AND revoked_at IS NULL AND expires_at > $now ORDER BY created_at DESC, id DESC;")
            .With("$account", Sql.Id(accountId))
            .With("$now", Sql.Time(now));
        return await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Task<List<AccessSession>> ReadSessionsAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadAllAsync(Rows.Session, cancellationToken);

    /// <inheritdoc />
    public Task TouchSessionAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE sessions SET last_seen_at = $at WHERE id = $id AND last_seen_at < $at;", cancellationToken, ("$id", Sql.Id(sessionId)), ("$at", Sql.Time(lastSeenAt)));

    /// <inheritdoc />
    public async Task RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        await ExecuteWithEventAsync(
            "UPDATE sessions SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL;",
            securityEvent,
            onlyWhenChanged: true,
            cancellationToken,
            ("$id", Sql.Id(sessionId)),
            ("$at", Sql.Time(revokedAt))).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<int> RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
        ExecuteWithEventAsync(
            "UPDATE sessions SET revoked_at = $at WHERE account_id = $account AND revoked_at IS NULL;",
            securityEvent,
            onlyWhenChanged: false,
            cancellationToken,
            ("$account", Sql.Id(accountId)),
            ("$at", Sql.Time(revokedAt)));

    /// <inheritdoc />
    public async Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return AttemptArithmetic.Read(await ReadAttemptAsync(connection, null, key, cancellationToken).ConfigureAwait(false), now);
    }

    /// <inheritdoc />
    public async Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        StoreValues.Text(key, nameof(key), StoreLimits.AttemptKey);
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        var next = AttemptArithmetic.Record(await ReadAttemptAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false), now, policy);
        if (next.Accepted)
        {
            await using var write = Sql.Command(connection, transaction, """
                INSERT INTO attempts (key, count, window_ends_at, locked_until) VALUES ($key, $count, $window, $locked)
                ON CONFLICT (key) DO UPDATE SET count = excluded.count, window_ends_at = excluded.window_ends_at, locked_until = excluded.locked_until;
                """)
                .With("$key", key)
                .With("$count", next.Count)
                .With("$window", Sql.Time(next.WindowEndsAt))
                .With("$locked", Sql.Time(next.LockedUntil));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, AttemptArithmetic.EventAfter(securityEvent, next, now), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <inheritdoc />
    public async Task ResetAttemptsAsync(string key, CancellationToken cancellationToken)
    {
        StoreValues.Key(key, nameof(key));
        await ExecuteAsync("DELETE FROM attempts WHERE key = $key;", cancellationToken, ("$key", key)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one statement and appends <paramref name="securityEvent"/> (if any) in one transaction: always, or only when
    /// the statement changed a row. Returns the rows it changed.
    /// </summary>
    private async Task<int> ExecuteWithEventAsync(string sql, SecurityEvent? securityEvent, bool onlyWhenChanged, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        int changed;
        await using (var command = Sql.Command(connection, transaction, sql))
        {
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed > 0 || !onlyWhenChanged)
        {
            await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>Runs one statement on its own (a single statement is atomic) and returns the rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<AttemptState?> ReadAttemptAsync(SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT count, window_ends_at, locked_until FROM attempts WHERE key = $key;").With("$key", key);
        return await command.ReadFirstAsync(Rows.Attempt, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LinkToken?> FindLinkTokenAsync(SqliteConnection connection, SqliteTransaction? transaction, string tokenHash, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, SelectLinkToken + " WHERE token_hash = $hash;").With("$hash", tokenHash);
        return await ReadLinkTokenAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Task<LinkToken?> ReadLinkTokenAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.LinkToken, cancellationToken);

    private static Task<Account?> ReadAccountAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.Account, cancellationToken);

    private static async Task InsertAccountAsync(SqliteConnection connection, SqliteTransaction transaction, Account account, string codes, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO accounts (id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, closed_at,
                                  totp_secret, pending_totp_secret, totp_last_step, recovery_code_hashes, version,
                                  second_factor_ticket_hash, second_factor_expires_at, second_factor_client_hash)
            VALUES ($id, $symbol, $email, $hash, $stamp, $status, $created, $changed, $closed, $totp, $pending, $step, $codes, $version,
                    $sf_hash, $sf_expires, $sf_client);
            """);
        BindAccount(command, account, codes);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces every mutable column when the stored version is the expected one; false when it is not (or the account is gone).</summary>
    private static async Task<bool> ReplaceAccountAsync(SqliteConnection connection, SqliteTransaction transaction, Account account, string codes, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, """
            UPDATE accounts SET password_hash = $hash, security_stamp = $stamp, status = $status, created_at = $created,
                                password_changed_at = $changed, closed_at = $closed, totp_secret = $totp, pending_totp_secret = $pending,
                                totp_last_step = $step, recovery_code_hashes = $codes, version = $version,
                                second_factor_ticket_hash = $sf_hash, second_factor_expires_at = $sf_expires,
                                second_factor_client_hash = $sf_client
            WHERE id = $id AND version = $expected;
            """);
        BindAccount(command, account, codes).With("$expected", expectedVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static SqliteCommand BindAccount(SqliteCommand command, Account account, string codes) => command
        .With("$id", Sql.Id(account.Id))
        .With("$symbol", account.InstanceSymbol)
        .With("$email", account.Email)
        .With("$hash", account.PasswordHash)
        .With("$stamp", account.SecurityStamp)
        .With("$status", (int)account.Status)
        .With("$created", Sql.Time(account.CreatedAt))
        .With("$changed", Sql.Time(account.PasswordChangedAt))
        .With("$closed", Sql.Time(account.ClosedAt))
        .With("$totp", account.TotpSecret)
        .With("$pending", account.PendingTotpSecret)
        .With("$step", account.TotpLastStep)
        .With("$codes", codes)
        .With("$version", account.Version)
        .With("$sf_hash", account.SecondFactorTicket?.TicketHash)
        .With("$sf_expires", Sql.Time(account.SecondFactorTicket?.ExpiresAt))
        .With("$sf_client", account.SecondFactorTicket?.ClientKeyHash);

    /// <summary>Checks an account's values and returns its recovery code hashes as the JSON stored for them.</summary>
    private static string CheckAccount(Account account) =>
        JsonSerializer.Serialize(StoreValues.Check(account), SqliteJsonContext.Default.StringArray);
}
