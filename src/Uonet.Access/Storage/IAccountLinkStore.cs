
namespace Uonet.Access.Storage;

/// <summary>
/// Links between a guardian's accounts of different instances (the opt-in cross-instance view). Closing an account
/// removes its links in the same atomic unit. Part of <see cref="ICredentialStore"/>.
/// </summary>
public interface IAccountLinkStore
{
    /// <summary>Links two accounts of different instances (both directions); idempotent.</summary>
    Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the link between two accounts (both directions); false when there was none.</summary>
    Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken);

    /// <summary>The ids of the accounts linked to an account.</summary>
    Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken);
}
