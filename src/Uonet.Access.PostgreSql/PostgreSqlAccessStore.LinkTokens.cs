using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string LinkTokenColumns = "id, token_hash, instance_symbol, email, created_at, expires_at, consumed_at, superseded_at";

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

    private async Task<LinkToken?> FindLinkTokenAsync(NpgsqlConnection connection, string tokenHash, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT {LinkTokenColumns} FROM {PostgreSqlSchema.Placeholder}.link_tokens WHERE token_hash = @hash;")
            .Text("hash", tokenHash);
        return await ReadLinkTokenAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Task<LinkToken?> ReadLinkTokenAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.LinkToken, cancellationToken);
}
