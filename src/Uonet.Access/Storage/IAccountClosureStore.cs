using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// Closing an account (R9): one atomic unit over the account, its sessions, devices, link tokens, pairing tickets,
/// links, passkeys and the notice mail, so the store that closes accounts keeps all of them, the devices and pairing
/// tickets of <see cref="IDeviceStore"/> and the outbox of <see cref="IOutboxStore"/> included. Part of <see cref="ICredentialStore"/>.
/// </summary>
public interface IAccountClosureStore
{
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
}
