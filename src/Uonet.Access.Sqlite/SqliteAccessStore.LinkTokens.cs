using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SelectLinkToken = "SELECT id, token_hash, instance_symbol, email, created_at, expires_at, consumed_at, superseded_at FROM link_tokens";

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

    private static async Task<LinkToken?> FindLinkTokenAsync(SqliteConnection connection, SqliteTransaction? transaction, string tokenHash, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, SelectLinkToken + " WHERE token_hash = $hash;").With("$hash", tokenHash);
        return await ReadLinkTokenAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Task<LinkToken?> ReadLinkTokenAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadFirstAsync(Rows.LinkToken, cancellationToken);
}
