using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;

namespace Uonet.Access.Storage;

/// <summary>
/// The sessions of signed-in browsers. Closing an account (<see cref="IAccountClosureStore"/>) revokes them in the same
/// atomic unit, so they live in the store of the accounts. Part of <see cref="ICredentialStore"/>.
/// </summary>
public interface ISessionStore
{
    /// <summary>Inserts a session.</summary>
    Task CreateSessionAsync(AccessSession session, CancellationToken cancellationToken) =>
        CreateSessionAsync(session, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task CreateSessionAsync(AccessSession session, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Finds a session by id.</summary>
    Task<AccessSession?> FindSessionAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Lists an account's sessions that are neither ended nor past their absolute expiry at <paramref name="now"/>,
    /// newest first.
    /// </summary>
    Task<IReadOnlyList<AccessSession>> ListAccountSessionsAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Moves a session's last-seen time forward (never backward).</summary>
    Task TouchSessionAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    /// <summary>Ends one session (idempotent; the first revocation time is kept).</summary>
    Task RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RevokeSessionAsync(sessionId, revokedAt, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task RevokeSessionAsync(Guid sessionId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Ends every open session of an account; returns how many were open.</summary>
    Task<int> RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RevokeAccountSessionsAsync(accountId, revokedAt, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<int> RevokeAccountSessionsAsync(Guid accountId, DateTimeOffset revokedAt, SecurityEvent? securityEvent, CancellationToken cancellationToken);
}
