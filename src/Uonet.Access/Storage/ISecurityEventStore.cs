using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// Each account's trail of security events. Every write of the credential and device stores that takes an event
/// appends it in the same atomic unit, so the trail lives in the store of the accounts. Part of <see cref="ICredentialStore"/>.
/// </summary>
public interface ISecurityEventStore
{
    /// <summary>
    /// Appends an event to an account's trail on its own, for a change that has no store write of its own. An event
    /// whose account does not exist is dropped, so a caller may pass one for any address and spend the same call.
    /// </summary>
    Task AppendSecurityEventAsync(SecurityEvent securityEvent, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="limit"/> events of an account, newest first.</summary>
    Task<IReadOnlyList<SecurityEvent>> ListSecurityEventsAsync(Guid accountId, int limit, CancellationToken cancellationToken);

}
