using System.Data.Common;
using Uonet.Access.Devices;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// <c>id, token_hash, pin_hash, account_id, instance_symbol, created_at, expires_at, remaining_tries, consumed_at,
    /// closed_at</c> of <c>pairing_tickets</c>.
    /// </summary>
    public static PairingTicket Ticket(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        TokenHash = reader.GetString(1),
        PinHash = reader.GetString(2),
        AccountId = TColumns.GetId(reader, 3),
        InstanceSymbol = reader.GetString(4),
        CreatedAt = TColumns.GetTime(reader, 5),
        ExpiresAt = TColumns.GetTime(reader, 6),
        RemainingTries = reader.GetInt32(7),
        ConsumedAt = GetOptionalTime(reader, 8),
        ClosedAt = GetOptionalTime(reader, 9),
    };

    /// <summary>
    /// <c>id, account_id, instance_symbol, name, platform, public_key, key_algorithm, created_at, last_seen_at,
    /// revoked_at, revocation_reason</c> of <c>devices</c>.
    /// </summary>
    public static MobileDevice Device(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        AccountId = TColumns.GetId(reader, 1),
        InstanceSymbol = reader.GetString(2),
        Name = reader.GetString(3),
        Platform = reader.GetString(4),
        PublicKey = reader.GetFieldValue<byte[]>(5),
        KeyAlgorithm = (DeviceKeyAlgorithm)reader.GetInt32(6),
        CreatedAt = TColumns.GetTime(reader, 7),
        LastSeenAt = TColumns.GetTime(reader, 8),
        RevokedAt = GetOptionalTime(reader, 9),
        RevocationReason = reader.IsDBNull(10) ? null : (DeviceRevocationReason)reader.GetInt32(10),
    };
}
