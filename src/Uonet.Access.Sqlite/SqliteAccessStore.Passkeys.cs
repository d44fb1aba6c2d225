using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SelectPasskey = """
        SELECT id, account_id, instance_symbol, credential_id, public_key, user_handle, sign_count, transports,
               backup_eligible, backed_up, aaguid, name, created_at, last_used_at
        FROM passkeys
        """;

    /// <inheritdoc />
    public async Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Check(challenge);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using (var command = Sql.Command(connection, transaction, """
            DELETE FROM passkey_challenges WHERE expires_at <= $now;
            INSERT INTO passkey_challenges (challenge_hash, ceremony, instance_symbol, account_id, options_json, expires_at)
            VALUES ($hash, $ceremony, $symbol, $account, $options, $expires)
            ON CONFLICT (challenge_hash) DO UPDATE SET ceremony = excluded.ceremony, instance_symbol = excluded.instance_symbol,
                account_id = excluded.account_id, options_json = excluded.options_json, expires_at = excluded.expires_at;
            """))
        {
            command
                .With("$now", Sql.Time(now))
                .With("$hash", challenge.ChallengeHash)
                .With("$ceremony", (int)challenge.Ceremony)
                .With("$symbol", challenge.InstanceSymbol)
                .With("$account", challenge.AccountId is { } id ? Sql.Id(id) : null)
                .With("$options", challenge.OptionsJson)
                .With("$expires", Sql.Time(challenge.ExpiresAt));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PasskeyChallenge?> TakeChallengeAsync(string challengeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(challengeHash, nameof(challengeHash));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // One DELETE … RETURNING: of concurrent takers, only the one whose statement deleted the row reads it.
        await using var command = Sql.Command(connection, null, """
            DELETE FROM passkey_challenges WHERE challenge_hash = $hash
            RETURNING ceremony, instance_symbol, account_id, options_json, expires_at;
            """).With("$hash", challengeHash);
        var challenge = await command.ReadFirstAsync(r => Rows.Challenge(r, challengeHash), cancellationToken).ConfigureAwait(false);
        return challenge?.ExpiresAt > now ? challenge : null;
    }

    /// <inheritdoc />
    public async Task<Passkey?> FindPasskeyAsync(string symbol, byte[] credentialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectPasskey + " WHERE instance_symbol = $symbol AND credential_id = $credential;")
            .With("$symbol", StoreValues.Key(symbol, nameof(symbol)))
            .With("$credential", credentialId);
        var found = await ReadPasskeysAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Passkey>> ListPasskeysAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectPasskey + " WHERE account_id = $account ORDER BY created_at, id;")
            .With("$account", Sql.Id(accountId));
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
        await using var transaction = BeginWrite(connection);
        await using (var owner = Sql.Command(connection, transaction, "SELECT 1 FROM accounts WHERE id = $id AND status = $active AND instance_symbol = $symbol;"))
        {
            owner.With("$id", Sql.Id(passkey.AccountId)).With("$active", (int)AccountStatus.Active).With("$symbol", passkey.InstanceSymbol);
            if (await owner.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return StoreWriteResult.NotFound;
            }
        }

        await using (var insert = Sql.Command(connection, transaction, """
            INSERT INTO passkeys (id, account_id, instance_symbol, credential_id, public_key, user_handle, sign_count, transports,
                                  backup_eligible, backed_up, aaguid, name, created_at, last_used_at)
            VALUES ($id, $account, $symbol, $credential, $key, $handle, $count, $transports, $eligible, $backed, $aaguid, $name, $created, $used)
            ON CONFLICT DO NOTHING;
            """))
        {
            insert
                .With("$id", Sql.Id(passkey.Id))
                .With("$account", Sql.Id(passkey.AccountId))
                .With("$symbol", passkey.InstanceSymbol)
                .With("$credential", passkey.CredentialId)
                .With("$key", passkey.PublicKey)
                .With("$handle", passkey.UserHandle)
                .With("$count", passkey.SignCount)
                .With("$transports", string.Join(' ', passkey.Transports))
                .With("$eligible", passkey.IsBackupEligible ? 1 : 0)
                .With("$backed", passkey.IsBackedUp ? 1 : 0)
                .With("$aaguid", Sql.Id(passkey.Aaguid))
                .With("$name", passkey.Name)
                .With("$created", Sql.Time(passkey.CreatedAt))
                .With("$used", Sql.Time(passkey.LastUsedAt));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return StoreWriteResult.Duplicate;
            }
        }

        if (notice is not null)
        {
            await InsertMailAsync(connection, transaction, notice, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RecordPasskeyUseAsync(Guid passkeyId, long expectedSignCount, long signCount, bool isBackedUp, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var changed = await ExecuteAsync(
            "UPDATE passkeys SET sign_count = $count, backed_up = $backed, last_used_at = $at WHERE id = $id AND sign_count = $expected;",
            cancellationToken,
            ("$id", Sql.Id(passkeyId)),
            ("$expected", expectedSignCount),
            ("$count", signCount),
            ("$backed", isBackedUp ? 1 : 0),
            ("$at", Sql.Time(usedAt))).ConfigureAwait(false);
        if (changed == 1)
        {
            return StoreWriteResult.Success;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = Sql.Command(connection, null, "SELECT 1 FROM passkeys WHERE id = $id;").With("$id", Sql.Id(passkeyId));
        return await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null ? StoreWriteResult.NotFound : StoreWriteResult.Conflict;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RenamePasskeyAsync(Guid accountId, Guid passkeyId, string name, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE passkeys SET name = $name WHERE id = $id AND account_id = $account;",
            cancellationToken,
            ("$id", Sql.Id(passkeyId)),
            ("$account", Sql.Id(accountId)),
            ("$name", StoreValues.Text(name, "Passkey.Name", StoreLimits.PasskeyName))).ConfigureAwait(false) == 1
            ? StoreWriteResult.Success
            : StoreWriteResult.NotFound;

    /// <inheritdoc />
    public async Task<StoreWriteResult> RemovePasskeyAsync(Guid accountId, Guid passkeyId, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using (var delete = Sql.Command(connection, transaction, "DELETE FROM passkeys WHERE id = $id AND account_id = $account;"))
        {
            delete.With("$id", Sql.Id(passkeyId)).With("$account", Sql.Id(accountId));
            if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return StoreWriteResult.NotFound;
            }
        }

        if (notice is not null)
        {
            await InsertMailAsync(connection, transaction, notice, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    private static async Task<IReadOnlyList<Passkey>> ReadPasskeysAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        await command.ReadAllAsync(Rows.Passkey, cancellationToken).ConfigureAwait(false);
}
