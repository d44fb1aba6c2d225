using System.Text.Json;
using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
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
