using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;

namespace Uonet.Access.Storage;

/// <summary>
/// Stores accounts, link tokens, sessions and attempt counters. Methods that take an <see cref="OutboxMessage"/>
/// write it in the same atomic unit as the state change, so a mail is queued exactly when the change happens.
/// Single use (tokens, TOTP steps, recovery codes) rests on the conditional writes here: they must hold under
/// concurrent callers, across processes for a shared database. A write whose mail id is already taken throws and writes
/// nothing. The same holds for a <see cref="SecurityEvent"/>: a write that takes one appends it to the account's trail in
/// the same atomic unit, so the trail records a change exactly when the change happens, and a refused write leaves
/// neither.
/// </summary>
public interface ICredentialStore
{
    /// <summary>Finds an account by instance and normalized e-mail.</summary>
    Task<Account?> FindAccountAsync(string symbol, string email, CancellationToken cancellationToken);

    /// <summary>Finds an account by id.</summary>
    Task<Account?> FindAccountByIdAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an account when its stored version equals <paramref name="expectedVersion"/> (an account's id, instance
    /// and e-mail never change: a new address is a new account, R9) (the new record carries
    /// the next version); otherwise writes nothing and answers <see cref="StoreWriteResult.Conflict"/> or
    /// <see cref="StoreWriteResult.NotFound"/>. A mail, when given, is queued in the same unit.
    /// </summary>
    Task<StoreWriteResult> UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, CancellationToken cancellationToken) =>
        UpdateAccountAsync(account, expectedVersion, mail, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<StoreWriteResult> UpdateAccountAsync(Account account, long expectedVersion, OutboxMessage? mail, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Records a first-login / restore request in one atomic unit: every open token of the same instance and e-mail
    /// is marked superseded at <paramref name="now"/>, <paramref name="token"/> (if any) is inserted, and
    /// <paramref name="mail"/> (if any) is queued.
    /// </summary>
    Task RecordLinkRequestAsync(LinkToken? token, OutboxMessage? mail, DateTimeOffset now, CancellationToken cancellationToken) =>
        RecordLinkRequestAsync(token, mail, now, null, cancellationToken);

    /// <summary>
    /// As the overload without an event; <paramref name="securityEvent"/>, when given with a token, goes to the trail of
    /// the account of the token's instance and e-mail in the same atomic unit (its <see cref="SecurityEvent.AccountId"/>
    /// is replaced), and is dropped when the address has no account, so callers pass it for every address alike.
    /// </summary>
    Task RecordLinkRequestAsync(LinkToken? token, OutboxMessage? mail, DateTimeOffset now, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Finds a link token by the hash of its value.</summary>
    Task<LinkToken?> FindLinkTokenAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// The open link token of an address in an instance (not used, not superseded, not expired at
    /// <paramref name="now"/>), the newest if several are, or <see langword="null"/>: whether a first-login / restore
    /// link is waiting in the person's mailbox, for the school office's diagnosis.
    /// </summary>
    /// <param name="symbol">The instance.</param>
    /// <param name="email">The normalized e-mail.</param>
    /// <param name="now">The moment at which the token must still be valid.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<LinkToken?> FindOpenLinkTokenAsync(string symbol, string email, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Consumes a link token and sets the account's password in one atomic unit: the token must be open (not used,
    /// not superseded, not expired at <paramref name="now"/>); then it is marked consumed, the account is inserted
    /// (<paramref name="expectedAccountVersion"/> <see langword="null"/>: no account may exist for the address) or
    /// replaced (its stored version must equal <paramref name="expectedAccountVersion"/>), and <paramref name="mail"/>
    /// is queued. Anything short of that writes nothing.
    /// </summary>
    Task<LinkTokenConsumption> ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, CancellationToken cancellationToken) =>
        ConsumeLinkTokenAsync(tokenHash, now, account, expectedAccountVersion, mail, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<LinkTokenConsumption> ConsumeLinkTokenAsync(string tokenHash, DateTimeOffset now, Account account, long? expectedAccountVersion, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken);

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

    /// <summary>Reads a counter without changing it (a missing key reads as zero, unlocked).</summary>
    Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one attempt atomically under <paramref name="policy"/>: a window that ended starts again from zero;
    /// the attempt that reaches <see cref="AttemptPolicy.Limit"/> locks the key until now + lock duration and starts a
    /// new window. A locked key is not counted further. Returns the state after the attempt.
    /// </summary>
    Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, CancellationToken cancellationToken) =>
        RecordAttemptAsync(key, now, policy, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Forgets a counter (e.g. after a successful sign-in).</summary>
    Task ResetAttemptsAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Closes an account in one atomic unit (R9): status Closed with <paramref name="now"/>, a new security stamp, every
    /// open session revoked, every device revoked with <paramref name="deviceReason"/>, every open link token and pairing
    /// ticket of the account closed, every link to accounts of other instances removed, every passkey of the account
    /// removed (for a store that is also an <see cref="IPasskeyStore"/>), and <paramref name="notice"/> (if any) queued. False (nothing written) when the account is unknown or already closed.
    /// </summary>
    Task<bool> CloseAccountAsync(Guid accountId, DateTimeOffset now, DeviceRevocationReason deviceReason, OutboxMessage? notice, CancellationToken cancellationToken) =>
        CloseAccountAsync(accountId, now, deviceReason, notice, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<bool> CloseAccountAsync(Guid accountId, DateTimeOffset now, DeviceRevocationReason deviceReason, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Links two accounts of different instances (both directions); idempotent.</summary>
    Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the link between two accounts (both directions); false when there was none.</summary>
    Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken);

    /// <summary>The ids of the accounts linked to an account.</summary>
    Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends an event to an account's trail on its own, for a change that has no store write of its own. An event
    /// whose account does not exist is dropped, so a caller may pass one for any address and spend the same call.
    /// </summary>
    Task AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="limit"/> events of an account, newest first.</summary>
    Task<IReadOnlyList<SecurityEvent>> ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken);
}
