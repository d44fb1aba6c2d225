using Microsoft.Data.Sqlite;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string SelectSession = """
        SELECT id, secret_hash, account_id, instance_symbol, security_stamp, created_at, last_seen_at, expires_at, revoked_at,
               client_description, client_network
        FROM sessions
        """;

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
}
