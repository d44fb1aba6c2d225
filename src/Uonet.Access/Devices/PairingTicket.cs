namespace Uonet.Access.Devices;

/// <summary>
/// A pairing ticket shown on <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> (R7): a short token (in the QR code
/// and typed by hand) and a PIN (shown beside the code, never in it). Only hashes are stored.
/// </summary>
public sealed record PairingTicket
{
    /// <summary>The ticket's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>SHA-256 (hex) of the normalized token.</summary>
    public required string TokenHash { get; init; }

    /// <summary>SHA-256 (hex) of the ticket id and the PIN.</summary>
    public required string PinHash { get; init; }

    /// <summary>The account that asked for the ticket.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The instance of the account.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Wrong PINs still allowed; at zero the ticket is dead.</summary>
    public required int RemainingTries { get; init; }

    /// <summary>When a device registered with it, if one did.</summary>
    public DateTimeOffset? ConsumedAt { get; init; }

    /// <summary>When it was closed without use (a newer ticket, the account closed), if it was.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
}

/// <summary>How an attempt to register a device with a ticket ended, as told by the store.</summary>
public enum PairingConsumption
{
    /// <summary>The ticket was used now and the device written.</summary>
    Consumed = 0,

    /// <summary>No such ticket.</summary>
    NotFound = 1,

    /// <summary>The ticket expired.</summary>
    Expired = 2,

    /// <summary>The ticket was already used.</summary>
    AlreadyUsed = 3,

    /// <summary>The ticket was closed (a newer one, or no tries left).</summary>
    Closed = 4,
}
