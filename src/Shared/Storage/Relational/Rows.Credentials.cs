using System.Data.Common;
using Uonet.Access.Credentials;
using Uonet.Access.Sessions;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// <c>id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, closed_at,
    /// totp_secret, pending_totp_secret, totp_last_step, recovery_code_hashes, version, second_factor_ticket_hash,
    /// second_factor_expires_at, second_factor_client_hash</c> of <c>accounts</c>.
    /// </summary>
    public static Account Account(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        InstanceSymbol = reader.GetString(1),
        Email = reader.GetString(2),
        PasswordHash = reader.GetString(3),
        SecurityStamp = reader.GetString(4),
        Status = (AccountStatus)reader.GetInt32(5),
        CreatedAt = TColumns.GetTime(reader, 6),
        PasswordChangedAt = TColumns.GetTime(reader, 7),
        ClosedAt = GetOptionalTime(reader, 8),
        TotpSecret = reader.GetOptionalBytes(9),
        PendingTotpSecret = reader.GetOptionalBytes(10),
        TotpLastStep = reader.GetOptionalInt64(11),
        RecoveryCodeHashes = TColumns.GetRecoveryCodeHashes(reader, 12),
        Version = reader.GetInt64(13),
        SecondFactorTicket = reader.IsDBNull(14) ? null : new SecondFactorTicket(reader.GetString(14), TColumns.GetTime(reader, 15), reader.GetOptionalString(16)),
    };

    /// <summary><c>id, token_hash, instance_symbol, email, created_at, expires_at, consumed_at, superseded_at</c> of <c>link_tokens</c>.</summary>
    public static LinkToken LinkToken(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        TokenHash = reader.GetString(1),
        InstanceSymbol = reader.GetString(2),
        Email = reader.GetString(3),
        CreatedAt = TColumns.GetTime(reader, 4),
        ExpiresAt = TColumns.GetTime(reader, 5),
        ConsumedAt = GetOptionalTime(reader, 6),
        SupersededAt = GetOptionalTime(reader, 7),
    };

    /// <summary>
    /// <c>id, secret_hash, account_id, instance_symbol, security_stamp, created_at, last_seen_at, expires_at, revoked_at,
    /// client_description, client_network</c> of <c>sessions</c>.
    /// </summary>
    public static AccessSession Session(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        SecretHash = reader.GetString(1),
        AccountId = TColumns.GetId(reader, 2),
        InstanceSymbol = reader.GetString(3),
        SecurityStamp = reader.GetString(4),
        CreatedAt = TColumns.GetTime(reader, 5),
        LastSeenAt = TColumns.GetTime(reader, 6),
        ExpiresAt = TColumns.GetTime(reader, 7),
        RevokedAt = GetOptionalTime(reader, 8),
        ClientDescription = reader.GetOptionalString(9),
        ClientNetwork = reader.GetOptionalString(10),
    };

    /// <summary><c>count, window_ends_at, locked_until</c> of <c>attempts</c>.</summary>
    public static AttemptState Attempt(DbDataReader reader) => new(reader.GetInt32(0), TColumns.GetTime(reader, 1), GetOptionalTime(reader, 2));

    /// <summary>An id alone (e.g. <c>linked_account_id</c> of <c>account_links</c>).</summary>
    public static Guid Id(DbDataReader reader) => TColumns.GetId(reader, 0);
}
