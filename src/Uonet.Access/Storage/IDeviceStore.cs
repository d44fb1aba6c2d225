using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// Stores pairing tickets, registered devices and the replay cache of signed requests. Single use of a ticket, the
/// PIN tries and the replay check rest on the atomic operations here; they must hold under concurrent callers, across
/// processes for a shared database. A write whose device, ticket or mail id is already taken throws and writes nothing.
/// </summary>
public interface IDeviceStore
{
    /// <summary>
    /// Inserts a pairing ticket and, in the same atomic unit, closes (at <paramref name="now"/>) every other open ticket
    /// of the same account: only one ticket per account is open at a time.
    /// </summary>
    Task CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Finds a ticket by the hash of its normalized token; when several tickets share the hash, the newest.</summary>
    Task<PairingTicket?> FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one wrong PIN atomically: when the ticket is open and unexpired at <paramref name="now"/>, its remaining
    /// tries drop by one and, at zero, it is closed. Returns the ticket after the change (or as it was when nothing was counted), or <see langword="null"/> when unknown.
    /// </summary>
    Task<PairingTicket?> RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Uses a ticket for a device in one atomic unit: the ticket must be open (not consumed, not closed, tries left)
    /// and unexpired at <paramref name="now"/>; then it is marked consumed, <paramref name="device"/> is inserted and
    /// <paramref name="mail"/> queued. Anything else writes nothing.
    /// </summary>
    Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, CancellationToken cancellationToken) =>
        ConsumePairingTicketAsync(ticketId, now, device, mail, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Finds a device by id.</summary>
    Task<MobileDevice?> FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken);

    /// <summary>Lists the devices of an account (revoked ones included), newest first.</summary>
    Task<IReadOnlyList<MobileDevice>> ListDevicesAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>Unregisters a device with a reason; false when unknown or already revoked (the first reason stays).</summary>
    Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, CancellationToken cancellationToken) =>
        RevokeDeviceAsync(deviceId, revokedAt, reason, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Moves a device's last-seen time forward (never backward).</summary>
    Task TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a signature (by hash) was accepted, remembering it until <paramref name="expiresAt"/>. Returns
    /// false when the same signature was already recorded and has not expired: a replay. Atomic.
    /// </summary>
    Task<bool> TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
