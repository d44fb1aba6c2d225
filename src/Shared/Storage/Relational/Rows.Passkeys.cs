using System.Data.Common;
using Uonet.Access.Passkeys;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// <c>id, account_id, instance_symbol, credential_id, public_key, user_handle, sign_count, transports,
    /// backup_eligible, backed_up, aaguid, name, created_at, last_used_at</c> of <c>passkeys</c>.
    /// </summary>
    public static Passkey Passkey(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        AccountId = TColumns.GetId(reader, 1),
        InstanceSymbol = reader.GetString(2),
        CredentialId = reader.GetFieldValue<byte[]>(3),
        PublicKey = reader.GetFieldValue<byte[]>(4),
        UserHandle = reader.GetFieldValue<byte[]>(5),
        SignCount = reader.GetInt64(6),
        Transports = TColumns.GetTransports(reader, 7),
        IsBackupEligible = TColumns.GetFlag(reader, 8),
        IsBackedUp = TColumns.GetFlag(reader, 9),
        Aaguid = TColumns.GetId(reader, 10),
        Name = reader.GetString(11),
        CreatedAt = TColumns.GetTime(reader, 12),
        LastUsedAt = GetOptionalTime(reader, 13),
    };

    /// <summary><c>ceremony, instance_symbol, account_id, options_json, expires_at</c> of the <c>passkey_challenges</c> row of <paramref name="challengeHash"/>.</summary>
    public static PasskeyChallenge Challenge(DbDataReader reader, string challengeHash) => new()
    {
        ChallengeHash = challengeHash,
        Ceremony = (PasskeyCeremony)reader.GetInt32(0),
        InstanceSymbol = reader.GetString(1),
        AccountId = GetOptionalId(reader, 2),
        OptionsJson = reader.GetString(3),
        ExpiresAt = TColumns.GetTime(reader, 4),
    };
}
