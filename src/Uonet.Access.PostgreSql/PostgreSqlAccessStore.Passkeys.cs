using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

// Passkeys and their open ceremonies.
public sealed partial class PostgreSqlAccessStore
{
    private const string SelectPasskey = """
        SELECT id, account_id, instance_symbol, credential_id, public_key, user_handle, sign_count, transports,
               backup_eligible, backed_up, aaguid, name, created_at, last_used_at
        FROM {schema}.passkeys
        """;

    /// <inheritdoc />
    public async Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Check(challenge);
        await ExecuteAsync(
            """
            DELETE FROM {schema}.passkey_challenges WHERE expires_at <= @now;
            INSERT INTO {schema}.passkey_challenges (challenge_hash, ceremony, instance_symbol, account_id, options_json, expires_at)
            VALUES (@hash, @ceremony, @symbol, @account, @options, @expires)
            ON CONFLICT (challenge_hash) DO UPDATE SET ceremony = excluded.ceremony, instance_symbol = excluded.instance_symbol,
                account_id = excluded.account_id, options_json = excluded.options_json, expires_at = excluded.expires_at;
            """,
            c => c.Time("now", now)
                .Text("hash", challenge.ChallengeHash)
                .Int("ceremony", (int)challenge.Ceremony)
                .Text("symbol", challenge.InstanceSymbol)
                .Id("account", challenge.AccountId)
                .Text("options", challenge.OptionsJson)
                .Time("expires", challenge.ExpiresAt),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PasskeyChallenge?> TakeChallengeAsync(string challengeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(challengeHash, nameof(challengeHash));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // One DELETE … RETURNING: of concurrent takers in any process, only the one whose statement deleted the row reads it.
        await using var command = Command(connection, """
            DELETE FROM {schema}.passkey_challenges WHERE challenge_hash = @hash
            RETURNING ceremony, instance_symbol, account_id, options_json, expires_at;
            """).Text("hash", challengeHash);
        var challenge = await command.ReadFirstAsync(r => Rows.Challenge(r, challengeHash), cancellationToken).ConfigureAwait(false);
        return challenge?.ExpiresAt > now ? challenge : null;
    }

    /// <inheritdoc />
    public async Task<Passkey?> FindPasskeyAsync(string symbol, byte[] credentialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, SelectPasskey + " WHERE instance_symbol = @symbol AND credential_id = @credential;")
            .Text("symbol", StoreValues.Key(symbol, nameof(symbol)))
            .Bytes("credential", credentialId);
        var found = await ReadPasskeysAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Passkey>> ListPasskeysAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, SelectPasskey + " WHERE account_id = @account ORDER BY created_at, id;").Id("account", accountId);
        return await ReadPasskeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddPasskeyAsync(Passkey passkey, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(passkey);
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The account's row is held until commit, so a closure (which deletes the account's passkeys) waits or is waited for.
        await using (var owner = Command(connection, "SELECT 1 FROM {schema}.accounts WHERE id = @id AND status = @active AND instance_symbol = @symbol FOR UPDATE;")
            .Id("id", passkey.AccountId).Int("active", (int)AccountStatus.Active).Text("symbol", passkey.InstanceSymbol))
        {
            if (await owner.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return StoreWriteResult.NotFound;
            }
        }

        await using (var insert = Command(connection, """
            INSERT INTO {schema}.passkeys (id, account_id, instance_symbol, credential_id, public_key, user_handle, sign_count, transports,
                                           backup_eligible, backed_up, aaguid, name, created_at, last_used_at)
            VALUES (@id, @account, @symbol, @credential, @key, @handle, @count, @transports, @eligible, @backed, @aaguid, @name, @created, @used)
            ON CONFLICT DO NOTHING;
            """)
            .Id("id", passkey.Id)
            .Id("account", passkey.AccountId)
            .Text("symbol", passkey.InstanceSymbol)
            .Bytes("credential", passkey.CredentialId)
            .Bytes("key", passkey.PublicKey)
            .Bytes("handle", passkey.UserHandle)
            .Long("count", passkey.SignCount)
            .TextArray("transports", [.. passkey.Transports])
            .Bool("eligible", passkey.IsBackupEligible)
            .Bool("backed", passkey.IsBackedUp)
            .Id("aaguid", passkey.Aaguid)
            .Text("name", passkey.Name)
            .Time("created", passkey.CreatedAt)
            .Time("used", passkey.LastUsedAt))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return StoreWriteResult.Duplicate;
            }
        }

        if (notice is not null)
        {
            await InsertMailAsync(connection, notice, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RecordPasskeyUseAsync(Guid passkeyId, long expectedSignCount, long signCount, bool isBackedUp, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            WITH target AS (SELECT id, sign_count FROM {schema}.passkeys WHERE id = @id),
                 updated AS (
                     UPDATE {schema}.passkeys p SET sign_count = @count, backed_up = @backed, last_used_at = @at
                     FROM target WHERE p.id = target.id AND p.sign_count = @expected
                     RETURNING p.id)
            SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM updated);
            """)
            .Id("id", passkeyId).Long("expected", expectedSignCount).Long("count", signCount).Bool("backed", isBackedUp).Time("at", usedAt);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetInt64(0) == 0 ? StoreWriteResult.NotFound : reader.GetInt64(1) == 1 ? StoreWriteResult.Success : StoreWriteResult.Conflict;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RenamePasskeyAsync(Guid accountId, Guid passkeyId, string name, CancellationToken cancellationToken)
    {
        var checkedName = StoreValues.Text(name, "Passkey.Name", StoreLimits.PasskeyName);
        return await ExecuteAsync(
            "UPDATE {schema}.passkeys SET name = @name WHERE id = @id AND account_id = @account;",
            c => c.Id("id", passkeyId).Id("account", accountId).Text("name", checkedName),
            cancellationToken).ConfigureAwait(false) == 1
            ? StoreWriteResult.Success
            : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RemovePasskeyAsync(Guid accountId, Guid passkeyId, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var delete = Command(connection, "DELETE FROM {schema}.passkeys WHERE id = @id AND account_id = @account;").Id("id", passkeyId).Id("account", accountId))
        {
            if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return StoreWriteResult.NotFound;
            }
        }

        if (notice is not null)
        {
            await InsertMailAsync(connection, notice, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    private static async Task<IReadOnlyList<Passkey>> ReadPasskeysAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        await command.ReadAllAsync(Rows.Passkey, cancellationToken).ConfigureAwait(false);
}
