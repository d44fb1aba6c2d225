namespace Uonet.Access.Storage;

/// <summary>
/// Stores accounts, link tokens, sessions, attempt counters, account closure, links between accounts and the
/// security-event trail: the union of <see cref="IAccountStore"/>, <see cref="ILinkTokenStore"/>, <see cref="ISessionStore"/>,
/// <see cref="IAttemptCounterStore"/>, <see cref="IAccountClosureStore"/>, <see cref="IAccountLinkStore"/> and
/// <see cref="ISecurityEventStore"/>, which one store implements together because their writes are atomic across them
/// (consuming a link token creates the account; closing an account ends its sessions and links). Methods that take an
/// <see cref="Mail.OutboxMessage"/> write it in the same atomic unit as the state change, so a mail is queued exactly
/// when the change happens: the credential store is also the <see cref="IOutboxStore"/>. Single use (tokens, TOTP steps,
/// recovery codes) rests on the conditional writes here: they must hold under concurrent callers, across processes for
/// a shared database. A write whose mail id is already taken throws and writes nothing. The same holds for a
/// <see cref="SecurityEvents.SecurityEvent"/>: a write that takes one appends it to the account's trail in the same atomic
/// unit, so the trail records a change exactly when the change happens, and a refused write leaves neither.
/// </summary>
public interface ICredentialStore : IAccountStore, ILinkTokenStore, ISessionStore, IAttemptCounterStore, IAccountClosureStore, IAccountLinkStore, ISecurityEventStore
{
}
