using Npgsql;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string SessionColumns = "id, secret_hash, account_id, instance_symbol, security_stamp, created_at, last_seen_at, expires_at, revoked_at, client_description, client_network";

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
}
