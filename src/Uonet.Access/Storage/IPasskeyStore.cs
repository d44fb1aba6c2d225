using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// Stores passkeys and their open ceremonies: a capability a store adds beside the other contracts (the in-memory,
/// SQLite and PostgreSQL stores have it). <see cref="IAccountClosureStore.CloseAccountAsync(Guid, DateTimeOffset, Devices.DeviceRevocationReason, OutboxMessage?, SecurityEvent?, CancellationToken)"/>
/// of a store with this capability removes the account's passkeys in the same atomic unit. Mails and events given to a
/// write are written with it or not at all, as in <see cref="ICredentialStore"/>.
/// </summary>
public interface IPasskeyStore
{
    /// <summary>Keeps an open ceremony until it is taken or expires, and forgets the ceremonies expired at <paramref name="now"/>.</summary>
    Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an open ceremony by the hash of its challenge, atomically: of concurrent callers at most one gets it, and
    /// it is gone afterwards. <see langword="null"/> when unknown, already taken, or expired at <paramref name="now"/>.
    /// </summary>
    Task<PasskeyChallenge?> TakeChallengeAsync(string challengeHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Finds a passkey by its credential id within an instance.</summary>
    Task<Passkey?> FindPasskeyAsync(string symbol, byte[] credentialId, CancellationToken cancellationToken);

    /// <summary>The passkeys of an account, oldest first.</summary>
    Task<IReadOnlyList<Passkey>> ListPasskeysAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a passkey with its notice and event; <see cref="StoreWriteResult.Duplicate"/> (nothing written) when the
    /// instance already holds the credential id, <see cref="StoreWriteResult.NotFound"/> when the account is unknown or closed.
    /// </summary>
    Task<StoreWriteResult> AddPasskeyAsync(Passkey passkey, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Records a sign-in with a passkey: the new counter, backup state and last use. Conditional on the stored counter
    /// being <paramref name="expectedSignCount"/>, so a counter never moves backwards under races
    /// (<see cref="StoreWriteResult.Conflict"/>, nothing written).
    /// </summary>
    Task<StoreWriteResult> RecordPasskeyUseAsync(Guid passkeyId, long expectedSignCount, long signCount, bool isBackedUp, DateTimeOffset usedAt, CancellationToken cancellationToken);

    /// <summary>Renames a passkey of the account; <see cref="StoreWriteResult.NotFound"/> for one of another account.</summary>
    Task<StoreWriteResult> RenamePasskeyAsync(Guid accountId, Guid passkeyId, string name, CancellationToken cancellationToken);

    /// <summary>Removes a passkey of the account with its notice and event; <see cref="StoreWriteResult.NotFound"/> for one of another account.</summary>
    Task<StoreWriteResult> RemovePasskeyAsync(Guid accountId, Guid passkeyId, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken);
}
