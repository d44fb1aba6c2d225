using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Sessions;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Shared builders of the credential and outbox tests. Accounts come into being only by consuming a link token,
// exactly as the first-login procedure creates them (R3), so a store may hang them off tokens and instances.
public abstract partial class StoreSpecification
{
    /// <summary>The guardian address most credential tests use.</summary>
    protected const string ParentEmail = "anna.kowalska@example.pl";

    /// <summary>A second guardian address.</summary>
    protected const string OtherParentEmail = "piotr.nowak@example.pl";

    /// <summary>When the first-login requests of a test were made.</summary>
    protected static readonly DateTimeOffset Requested = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>How long a link token of a test works.</summary>
    protected static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    private static readonly string[] NoCodes = [];

    /// <summary>The lower-case hex SHA-256 of a token, as stores keep it.</summary>
    protected static string TokenHashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>An open link token with a fresh value, working for <see cref="TokenLifetime"/> from <paramref name="createdAt"/>.</summary>
    protected static LinkToken NewLinkToken(string email = ParentEmail, string symbol = Symbol, DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? Requested;
        return new LinkToken
        {
            Id = Guid.NewGuid(),
            TokenHash = TokenHashOf(Guid.NewGuid().ToString("N")),
            InstanceSymbol = symbol,
            Email = email,
            CreatedAt = created,
            ExpiresAt = created + TokenLifetime,
        };
    }

    /// <summary>A new active account (version 1) without a second factor.</summary>
    protected static Account NewAccount(string email = ParentEmail, string symbol = Symbol, DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? Requested;
        return new Account
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = symbol,
            Email = email,
            PasswordHash = $"$argon2id$v=19$m=19456,t=2,p=1${Guid.NewGuid():N}",
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = created,
            PasswordChangedAt = created,
        };
    }

    /// <summary>A queued, never attempted mail, due when it is created.</summary>
    protected static OutboxMessage NewMail(string to = ParentEmail, MailKind kind = MailKind.PasswordSet, DateTimeOffset? createdAt = null, string? symbol = Symbol)
    {
        var id = Guid.NewGuid();
        var created = createdAt ?? Requested;
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"<{id:N}@uonet.example.pl>",
            InstanceSymbol = symbol,
            Kind = kind,
            To = to,
            Subject = "Hasło zostało ustawione",
            TextBody = $"Dzień dobry, hasło do konta {to} zostało ustawione.",
            HtmlBody = $"<p>Dzień dobry, hasło do konta <b>{to}</b> zostało ustawione.</p>",
            CreatedAt = created,
            NextAttemptAt = created,
        };
    }

    /// <summary>The first-login link mail that goes with a token.</summary>
    protected static OutboxMessage LinkMail(LinkToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return NewMail(token.Email, MailKind.AccessLink, token.CreatedAt, token.InstanceSymbol) with
        {
            Subject = "Pierwsze logowanie",
            Link = $"https://uonetplus.example.pl/{token.InstanceSymbol}/pierwsze-logowanie/{token.Id:N}",
        };
    }

    /// <summary>A session of an account, begun at <see cref="Requested"/> and ending eight hours later.</summary>
    protected static AccessSession NewSession(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccessSession
        {
            Id = Guid.NewGuid(),
            SecretHash = TokenHashOf(Guid.NewGuid().ToString("N")),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            SecurityStamp = account.SecurityStamp,
            CreatedAt = Requested,
            LastSeenAt = Requested,
            ExpiresAt = Requested.AddHours(8),
            ClientDescription = "Firefox, Windows",
            ClientNetwork = "203.0.113.0/24",
        };
    }

    /// <summary>Records a request for <paramref name="token"/> (without mail) and asserts the token was stored.</summary>
    protected static async Task<LinkToken> IssueAsync(StoreUnderTest store, LinkToken token)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(token);
        await store.Credentials.RecordLinkRequestAsync(token, null, token.CreatedAt, CancellationToken.None);
        Assert.NotNull(await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        return token;
    }

    /// <summary>Creates an account the way the first-login procedure does: issues a token and consumes it (queuing one mail).</summary>
    protected static async Task<Account> CreateAccountAsync(StoreUnderTest store, string email = ParentEmail, string symbol = Symbol)
    {
        ArgumentNullException.ThrowIfNull(store);
        var token = await IssueAsync(store, NewLinkToken(email, symbol));
        var account = NewAccount(email, symbol);
        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(5), account, null, NewMail(email, symbol: symbol), CancellationToken.None);
        Assert.Equal(LinkTokenConsumption.Consumed, result);
        return account;
    }

    /// <summary>The next version of an account; apply the change itself with <c>with</c>.</summary>
    protected static Account NextVersion(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account with { Version = account.Version + 1 };
    }

    /// <summary>Asserts two accounts hold the same values: secrets byte by byte, recovery codes in order.</summary>
    protected static void AssertSameAccount(Account expected, Account? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(
            expected with { TotpSecret = null, PendingTotpSecret = null, RecoveryCodeHashes = NoCodes },
            actual with { TotpSecret = null, PendingTotpSecret = null, RecoveryCodeHashes = NoCodes });
        Assert.Equal(expected.TotpSecret, actual.TotpSecret);
        Assert.Equal(expected.PendingTotpSecret, actual.PendingTotpSecret);
        Assert.Equal(expected.RecoveryCodeHashes, actual.RecoveryCodeHashes);
    }

    /// <summary>Asserts two outbox messages hold the same values, ignoring who holds a claim on them.</summary>
    protected static void AssertSameMail(OutboxMessage expected, OutboxMessage? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { ClaimedUntil = null }, actual with { ClaimedUntil = null });
    }

    /// <summary>Every message in the outbox, newest first.</summary>
    protected static Task<IReadOnlyList<OutboxMessage>> AllMailAsync(StoreUnderTest store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Outbox.ListAsync(null, 1000, CancellationToken.None);
    }

    /// <summary>Asserts the outbox holds exactly the messages it held <paramref name="before"/>: nothing queued, nothing lost.</summary>
    protected static async Task AssertNoMailQueuedAsync(StoreUnderTest store, IReadOnlyList<OutboxMessage> before)
    {
        ArgumentNullException.ThrowIfNull(before);
        Assert.Equal(before.Select(m => m.Id), (await AllMailAsync(store)).Select(m => m.Id));
    }

    /// <summary>One message of the outbox, looked up by id.</summary>
    protected static async Task<OutboxMessage> MailAsync(StoreUnderTest store, Guid id) =>
        Assert.Single(await AllMailAsync(store), m => m.Id == id);
}
