using System.Text.Json;
using Uonet.Access.Credentials;
using Uonet.Access.Sessions;

namespace Uonet.Access.EntityFrameworkCore.Rows;

internal sealed class AccountRow
{
    public Guid Id { get; set; }

    public required string InstanceSymbol { get; set; }

    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public required string SecurityStamp { get; set; }

    public int Status { get; set; }

    public long CreatedAt { get; set; }

    public long PasswordChangedAt { get; set; }

    public long? ClosedAt { get; set; }

    public byte[]? TotpSecret { get; set; }

    public byte[]? PendingTotpSecret { get; set; }

    public long? TotpLastStep { get; set; }

    /// <summary>A JSON array of strings, in order.</summary>
    public required string RecoveryCodeHashes { get; set; }

    public long Version { get; set; }

    public string? SecondFactorTicketHash { get; set; }

    public long? SecondFactorExpiresAt { get; set; }

    public string? SecondFactorClientHash { get; set; }

    public static string Codes(IReadOnlyList<string> hashes) => JsonSerializer.Serialize(hashes, RowJsonContext.Default.IReadOnlyListString);

    public static AccountRow From(Account account, string codes) => new()
    {
        Id = account.Id,
        InstanceSymbol = account.InstanceSymbol,
        Email = account.Email,
        PasswordHash = account.PasswordHash,
        SecurityStamp = account.SecurityStamp,
        Status = (int)account.Status,
        CreatedAt = StoredTime.From(account.CreatedAt),
        PasswordChangedAt = StoredTime.From(account.PasswordChangedAt),
        ClosedAt = StoredTime.From(account.ClosedAt),
        TotpSecret = account.TotpSecret,
        PendingTotpSecret = account.PendingTotpSecret,
        TotpLastStep = account.TotpLastStep,
        RecoveryCodeHashes = codes,
        Version = account.Version,
        SecondFactorTicketHash = account.SecondFactorTicket?.TicketHash,
        SecondFactorExpiresAt = StoredTime.From(account.SecondFactorTicket?.ExpiresAt),
        SecondFactorClientHash = account.SecondFactorTicket?.ClientKeyHash,
    };

    public Account ToAccount() => new()
    {
        Id = Id,
        InstanceSymbol = InstanceSymbol,
        Email = Email,
        PasswordHash = PasswordHash,
        SecurityStamp = SecurityStamp,
        Status = (AccountStatus)Status,
        CreatedAt = StoredTime.To(CreatedAt),
        PasswordChangedAt = StoredTime.To(PasswordChangedAt),
        ClosedAt = StoredTime.To(ClosedAt),
        TotpSecret = TotpSecret,
        PendingTotpSecret = PendingTotpSecret,
        TotpLastStep = TotpLastStep,
        RecoveryCodeHashes = JsonSerializer.Deserialize(RecoveryCodeHashes, RowJsonContext.Default.StringArray) ?? [],
        Version = Version,
        SecondFactorTicket = SecondFactorTicketHash is null
            ? null
            : new SecondFactorTicket(SecondFactorTicketHash, StoredTime.To(SecondFactorExpiresAt ?? 0), SecondFactorClientHash),
    };
}

internal sealed class LinkTokenRow
{
    public Guid Id { get; set; }

    public required string TokenHash { get; set; }

    public required string InstanceSymbol { get; set; }

    public required string Email { get; set; }

    public long CreatedAt { get; set; }

    public long ExpiresAt { get; set; }

    public long? ConsumedAt { get; set; }

    public long? SupersededAt { get; set; }

    public static LinkTokenRow From(LinkToken token) => new()
    {
        Id = token.Id,
        TokenHash = token.TokenHash,
        InstanceSymbol = token.InstanceSymbol,
        Email = token.Email,
        CreatedAt = StoredTime.From(token.CreatedAt),
        ExpiresAt = StoredTime.From(token.ExpiresAt),
        ConsumedAt = StoredTime.From(token.ConsumedAt),
        SupersededAt = StoredTime.From(token.SupersededAt),
    };

    public LinkToken ToToken() => new()
    {
        Id = Id,
        TokenHash = TokenHash,
        InstanceSymbol = InstanceSymbol,
        Email = Email,
        CreatedAt = StoredTime.To(CreatedAt),
        ExpiresAt = StoredTime.To(ExpiresAt),
        ConsumedAt = StoredTime.To(ConsumedAt),
        SupersededAt = StoredTime.To(SupersededAt),
    };
}

internal sealed class SessionRow
{
    public Guid Id { get; set; }

    public required string SecretHash { get; set; }

    public Guid AccountId { get; set; }

    public required string InstanceSymbol { get; set; }

    public required string SecurityStamp { get; set; }

    public long CreatedAt { get; set; }

    public long LastSeenAt { get; set; }

    public long ExpiresAt { get; set; }

    public long? RevokedAt { get; set; }

    public string? ClientDescription { get; set; }

    public string? ClientNetwork { get; set; }

    public static SessionRow From(AccessSession session) => new()
    {
        Id = session.Id,
        SecretHash = session.SecretHash,
        AccountId = session.AccountId,
        InstanceSymbol = session.InstanceSymbol,
        SecurityStamp = session.SecurityStamp,
        CreatedAt = StoredTime.From(session.CreatedAt),
        LastSeenAt = StoredTime.From(session.LastSeenAt),
        ExpiresAt = StoredTime.From(session.ExpiresAt),
        RevokedAt = StoredTime.From(session.RevokedAt),
        ClientDescription = session.ClientDescription,
        ClientNetwork = session.ClientNetwork,
    };

    public AccessSession ToSession() => new()
    {
        Id = Id,
        SecretHash = SecretHash,
        AccountId = AccountId,
        InstanceSymbol = InstanceSymbol,
        SecurityStamp = SecurityStamp,
        CreatedAt = StoredTime.To(CreatedAt),
        LastSeenAt = StoredTime.To(LastSeenAt),
        ExpiresAt = StoredTime.To(ExpiresAt),
        RevokedAt = StoredTime.To(RevokedAt),
        ClientDescription = ClientDescription,
        ClientNetwork = ClientNetwork,
    };
}

internal sealed class AttemptRow
{
    public required string Key { get; set; }

    public int Count { get; set; }

    public long WindowEndsAt { get; set; }

    public long? LockedUntil { get; set; }

    public AttemptState ToState() => new(Count, StoredTime.To(WindowEndsAt), StoredTime.To(LockedUntil));
}

internal sealed class AccountLinkRow
{
    public Guid AccountId { get; set; }

    public Guid LinkedAccountId { get; set; }

    public long CreatedAt { get; set; }
}
