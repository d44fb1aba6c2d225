using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string AccountColumns = """
        id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, closed_at,
        totp_secret, pending_totp_secret, totp_last_step, recovery_code_hashes, version,
        second_factor_ticket_hash, second_factor_expires_at, second_factor_client_hash
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
