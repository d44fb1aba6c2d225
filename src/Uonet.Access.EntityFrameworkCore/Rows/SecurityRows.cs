using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.EntityFrameworkCore.Rows;

internal sealed class SecurityEventRow
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required string InstanceSymbol { get; set; }

    public int Kind { get; set; }

    public long OccurredAt { get; set; }

    public string? ClientAddress { get; set; }

    public string? ClientDescription { get; set; }

    public string? Detail { get; set; }

    public static SecurityEventRow From(SecurityEvent securityEvent, Guid accountId, string symbol) => new()
    {
        Id = securityEvent.Id,
        AccountId = accountId,
        InstanceSymbol = symbol,
        Kind = (int)securityEvent.Kind,
        OccurredAt = StoredTime.From(securityEvent.OccurredAt),
        ClientAddress = securityEvent.ClientAddress,
        ClientDescription = securityEvent.ClientDescription,
        Detail = securityEvent.Detail,
    };

    public SecurityEvent ToEvent() => new()
    {
        Id = Id,
        AccountId = AccountId,
        InstanceSymbol = InstanceSymbol,
        Kind = (SecurityEventKind)Kind,
        OccurredAt = StoredTime.To(OccurredAt),
        ClientAddress = ClientAddress,
        ClientDescription = ClientDescription,
        Detail = Detail,
    };
}

internal sealed class PasskeyRow
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required string InstanceSymbol { get; set; }

    public required byte[] CredentialId { get; set; }

    public required byte[] PublicKey { get; set; }

    public required byte[] UserHandle { get; set; }

    public long SignCount { get; set; }

    /// <summary>The transports, separated by spaces.</summary>
    public required string Transports { get; set; }

    public bool BackupEligible { get; set; }

    public bool BackedUp { get; set; }

    public Guid Aaguid { get; set; }

    public required string Name { get; set; }

    public long CreatedAt { get; set; }

    public long? LastUsedAt { get; set; }

    public static PasskeyRow From(Passkey passkey) => new()
    {
        Id = passkey.Id,
        AccountId = passkey.AccountId,
        InstanceSymbol = passkey.InstanceSymbol,
        CredentialId = passkey.CredentialId,
        PublicKey = passkey.PublicKey,
        UserHandle = passkey.UserHandle,
        SignCount = passkey.SignCount,
        Transports = string.Join(' ', passkey.Transports),
        BackupEligible = passkey.IsBackupEligible,
        BackedUp = passkey.IsBackedUp,
        Aaguid = passkey.Aaguid,
        Name = passkey.Name,
        CreatedAt = StoredTime.From(passkey.CreatedAt),
        LastUsedAt = StoredTime.From(passkey.LastUsedAt),
    };

    public Passkey ToPasskey() => new()
    {
        Id = Id,
        AccountId = AccountId,
        InstanceSymbol = InstanceSymbol,
        CredentialId = CredentialId,
        PublicKey = PublicKey,
        UserHandle = UserHandle,
        SignCount = SignCount,
        Transports = Transports.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        IsBackupEligible = BackupEligible,
        IsBackedUp = BackedUp,
        Aaguid = Aaguid,
        Name = Name,
        CreatedAt = StoredTime.To(CreatedAt),
        LastUsedAt = StoredTime.To(LastUsedAt),
    };
}

internal sealed class PasskeyChallengeRow
{
    public required string ChallengeHash { get; set; }

    public int Ceremony { get; set; }

    public required string InstanceSymbol { get; set; }

    public Guid? AccountId { get; set; }

    public required string OptionsJson { get; set; }

    public long ExpiresAt { get; set; }

    public static PasskeyChallengeRow From(PasskeyChallenge challenge) => new()
    {
        ChallengeHash = challenge.ChallengeHash,
        Ceremony = (int)challenge.Ceremony,
        InstanceSymbol = challenge.InstanceSymbol,
        AccountId = challenge.AccountId,
        OptionsJson = challenge.OptionsJson,
        ExpiresAt = StoredTime.From(challenge.ExpiresAt),
    };

    public PasskeyChallenge ToChallenge() => new()
    {
        ChallengeHash = ChallengeHash,
        Ceremony = (PasskeyCeremony)Ceremony,
        InstanceSymbol = InstanceSymbol,
        AccountId = AccountId,
        OptionsJson = OptionsJson,
        ExpiresAt = StoredTime.To(ExpiresAt),
    };
}
