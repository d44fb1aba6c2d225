using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// The single-use links of the first-login / "Przywróć dostęp" procedure (R3, R4). Consuming one creates or replaces
/// the account and queues its mail in the same atomic unit, so the store that keeps link tokens also keeps the accounts
/// (<see cref="IAccountStore"/>) and the outbox (<see cref="IOutboxStore"/>). Part of <see cref="ICredentialStore"/>.
/// </summary>
public interface ILinkTokenStore
{
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
}
