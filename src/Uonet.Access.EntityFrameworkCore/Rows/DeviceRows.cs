using Uonet.Access.Devices;
using Uonet.Access.Maintenance;

namespace Uonet.Access.EntityFrameworkCore.Rows;

internal sealed class PairingTicketRow
{
    public Guid Id { get; set; }

    public required string TokenHash { get; set; }

    public required string PinHash { get; set; }

    public Guid AccountId { get; set; }

    public required string InstanceSymbol { get; set; }

    public long CreatedAt { get; set; }

    public long ExpiresAt { get; set; }

    public int RemainingTries { get; set; }

    public long? ConsumedAt { get; set; }

    public long? ClosedAt { get; set; }

    public static PairingTicketRow From(PairingTicket ticket) => new()
    {
        Id = ticket.Id,
        TokenHash = ticket.TokenHash,
        PinHash = ticket.PinHash,
        AccountId = ticket.AccountId,
        InstanceSymbol = ticket.InstanceSymbol,
        CreatedAt = StoredTime.From(ticket.CreatedAt),
        ExpiresAt = StoredTime.From(ticket.ExpiresAt),
        RemainingTries = ticket.RemainingTries,
        ConsumedAt = StoredTime.From(ticket.ConsumedAt),
        ClosedAt = StoredTime.From(ticket.ClosedAt),
    };

    public PairingTicket ToTicket() => new()
    {
        Id = Id,
        TokenHash = TokenHash,
        PinHash = PinHash,
        AccountId = AccountId,
        InstanceSymbol = InstanceSymbol,
        CreatedAt = StoredTime.To(CreatedAt),
        ExpiresAt = StoredTime.To(ExpiresAt),
        RemainingTries = RemainingTries,
        ConsumedAt = StoredTime.To(ConsumedAt),
        ClosedAt = StoredTime.To(ClosedAt),
    };
}

internal sealed class DeviceRow
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required string InstanceSymbol { get; set; }

    public required string Name { get; set; }

    public required string Platform { get; set; }

    public required byte[] PublicKey { get; set; }

    public int KeyAlgorithm { get; set; }

    public long CreatedAt { get; set; }

    public long LastSeenAt { get; set; }

    public long? RevokedAt { get; set; }

    public int? RevocationReason { get; set; }

    public static DeviceRow From(MobileDevice device) => new()
    {
        Id = device.Id,
        AccountId = device.AccountId,
        InstanceSymbol = device.InstanceSymbol,
        Name = device.Name,
        Platform = device.Platform,
        PublicKey = device.PublicKey,
        KeyAlgorithm = (int)device.KeyAlgorithm,
        CreatedAt = StoredTime.From(device.CreatedAt),
        LastSeenAt = StoredTime.From(device.LastSeenAt),
        RevokedAt = StoredTime.From(device.RevokedAt),
        RevocationReason = device.RevocationReason is { } reason ? (int)reason : null,
    };

    public MobileDevice ToDevice() => new()
    {
        Id = Id,
        AccountId = AccountId,
        InstanceSymbol = InstanceSymbol,
        Name = Name,
        Platform = Platform,
        PublicKey = PublicKey,
        KeyAlgorithm = (DeviceKeyAlgorithm)KeyAlgorithm,
        CreatedAt = StoredTime.To(CreatedAt),
        LastSeenAt = StoredTime.To(LastSeenAt),
        RevokedAt = StoredTime.To(RevokedAt),
        RevocationReason = RevocationReason is { } reason ? (DeviceRevocationReason)reason : null,
    };
}

/// <summary>The replay cache of signed requests: a cache, not a relation, so no foreign key.</summary>
internal sealed class SignatureRow
{
    public Guid DeviceId { get; set; }

    public required string SignatureHash { get; set; }

    public long ExpiresAt { get; set; }
}

internal sealed class MaintenanceWindowRow
{
    public Guid Id { get; set; }

    public string? InstanceSymbol { get; set; }

    public long StartsAt { get; set; }

    public long? ExpectedEndAt { get; set; }

    public long? EndedAt { get; set; }

    public required string MessagePolish { get; set; }

    public required string MessageEnglish { get; set; }

    public required string CreatedBy { get; set; }

    public static MaintenanceWindowRow From(MaintenanceWindow window) => new()
    {
        Id = window.Id,
        InstanceSymbol = window.InstanceSymbol,
        StartsAt = StoredTime.From(window.StartsAt),
        ExpectedEndAt = StoredTime.From(window.ExpectedEndAt),
        EndedAt = StoredTime.From(window.EndedAt),
        MessagePolish = window.MessagePolish,
        MessageEnglish = window.MessageEnglish,
        CreatedBy = window.CreatedBy,
    };

    public MaintenanceWindow ToWindow() => new()
    {
        Id = Id,
        InstanceSymbol = InstanceSymbol,
        StartsAt = StoredTime.To(StartsAt),
        ExpectedEndAt = StoredTime.To(ExpectedEndAt),
        EndedAt = StoredTime.To(EndedAt),
        MessagePolish = MessagePolish,
        MessageEnglish = MessageEnglish,
        CreatedBy = CreatedBy,
    };
}
