using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// The accounts: one per instance and normalized e-mail (R3), replaced only by a conditional write on their version, so
/// that single use of a TOTP step or a recovery code holds under concurrent callers. Part of <see cref="ICredentialStore"/>,
/// which a store implements whole: a mail or event given to a write is written in the same atomic unit.
/// </summary>
public interface IAccountStore
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
}
