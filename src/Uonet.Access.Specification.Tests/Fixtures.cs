using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

/// <summary>
/// Builders of the values a store's own tests write (beyond the specification suite), in the shape the workflows give
/// them. They work on the store contracts only, so every store's tests share them.
/// </summary>
public static class Fixtures
{
    public const string Symbol = "gminawulkanowo";
    public const string OtherSymbol = "powiatwulkanowy";
    public const string Sp1 = "SP1";
    public const string ParentEmail = "anna.kowalska@example.pl";
    public const string PupilPesel = "15220123459";

    public static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    public static string HashOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Adds both instances and SP1 of <see cref="Symbol"/>.</summary>
    public static async Task SeedAsync(ISchoolDirectoryStore store)
    {
        Assert.Equal(StoreWriteResult.Success, await store.AddInstanceAsync(Instance(Symbol), CancellationToken.None));
        Assert.Equal(StoreWriteResult.Success, await store.AddInstanceAsync(Instance(OtherSymbol), CancellationToken.None));
        Assert.Equal(StoreWriteResult.Success, await store.AddUnitAsync(new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa nr 1", false), CancellationToken.None));
    }

    public static SchoolInstance Instance(string symbol) => new(symbol, $"Wulkanowo ({symbol})", new Uri($"https://uonetplus.example.pl/{symbol}/"));

    public static StudentRecord Student(string firstName = "Jan", string lastName = "Kowalski", string? email = null, params GuardianEntry[] guardians) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = Symbol,
        UnitCode = Sp1,
        ClassName = "4A",
        FirstName = firstName,
        LastName = lastName,
        Pesel = PupilPesel,
        Email = email,
        Guardians = guardians,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    public static GuardianEntry Guardian(string? email, string? firstName = "Anna", string? lastName = "Kowalska") => new()
    {
        Id = Guid.NewGuid(),
        FirstName = firstName,
        LastName = lastName,
        Email = email,
        Relation = GuardianRelation.Mother,
    };

    public static AuditEntry Audit(StudentRecord record, AuditAction action = AuditAction.StudentAdded) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = record.InstanceSymbol,
        OccurredAt = record.UpdatedAt,
        Actor = "sekretariat@sp1.edu.pl",
        Action = action,
        StudentId = record.Id,
        Changes = [new("lastName", null, record.LastName)],
    };

    public static LinkToken LinkToken(string email = ParentEmail, string symbol = Symbol) => new()
    {
        Id = Guid.NewGuid(),
        TokenHash = HashOf(Guid.NewGuid().ToString("N")),
        InstanceSymbol = symbol,
        Email = email,
        CreatedAt = Now,
        ExpiresAt = Now.AddHours(24),
    };

    public static Account Account(string email = ParentEmail, string symbol = Symbol) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = symbol,
        Email = email,
        PasswordHash = $"$argon2id$v=19$m=19456,t=2,p=1${Guid.NewGuid():N}",
        SecurityStamp = Guid.NewGuid().ToString("N"),
        CreatedAt = Now,
        PasswordChangedAt = Now,
    };

    public static OutboxMessage NewMail(string to = ParentEmail, MailKind kind = MailKind.PasswordSet, DateTimeOffset? createdAt = null)
    {
        var id = Guid.NewGuid();
        var created = createdAt ?? Now;
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"<{id:N}@uonet.example.pl>",
            InstanceSymbol = Symbol,
            Kind = kind,
            To = to,
            Subject = "Hasło zostało ustawione",
            TextBody = "Dzień dobry.",
            HtmlBody = "<p>Dzień dobry.</p>",
            CreatedAt = created,
            NextAttemptAt = created,
        };
    }

    /// <summary>Creates an account the way the first-login procedure does: a token, consumed (one mail queued).</summary>
    public static async Task<Account> CreateAccountAsync(ICredentialStore store, string email = ParentEmail, string symbol = Symbol)
    {
        var token = LinkToken(email, symbol);
        await store.RecordLinkRequestAsync(token, null, token.CreatedAt, CancellationToken.None);
        var account = Account(email, symbol);
        Assert.Equal(LinkTokenConsumption.Consumed, await store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(1), account, null, NewMail(email), CancellationToken.None));
        return account;
    }

    public static PairingTicket Ticket(Account account, DateTimeOffset? createdAt = null, int tries = 3)
    {
        var id = Guid.NewGuid();
        var created = createdAt ?? Now;
        return new PairingTicket
        {
            Id = id,
            TokenHash = HashOf(id.ToString("N")[..8]),
            PinHash = HashOf(id + "123456"),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CreatedAt = created,
            ExpiresAt = created.AddMinutes(10),
            RemainingTries = tries,
        };
    }

    public static MobileDevice Device(Account account, DateTimeOffset? createdAt = null) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = account.Id,
        InstanceSymbol = account.InstanceSymbol,
        Name = "Telefon Anny",
        Platform = "Android 15",
        PublicKey = RandomNumberGenerator.GetBytes(91),
        KeyAlgorithm = DeviceKeyAlgorithm.EcdsaP256,
        CreatedAt = createdAt ?? Now,
        LastSeenAt = createdAt ?? Now,
    };

    /// <summary>Registers a device to an account through a ticket, as pairing does.</summary>
    public static async Task<MobileDevice> PairAsync(IDeviceStore store, Account account, DateTimeOffset? at = null)
    {
        var now = at ?? Now;
        var ticket = Ticket(account, now);
        await store.CreatePairingTicketAsync(ticket, now, CancellationToken.None);
        var device = Device(account, now);
        Assert.Equal(PairingConsumption.Consumed, await store.ConsumePairingTicketAsync(ticket.Id, now.AddMinutes(1), device, NewMail(kind: MailKind.NewDevice), CancellationToken.None));
        return device;
    }

    /// <summary>
    /// Starts every call on its own thread at one barrier, so that they really overlap instead of trickling one by one
    /// through a thread pool that has not grown yet.
    /// </summary>
    public static async Task<T[]> RunTogetherAsync<T>(IEnumerable<Func<Task<T>>> calls)
    {
        var list = calls.ToList();
        using var start = new Barrier(list.Count);
        var running = list
            .Select(call => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return call();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap())
            .ToList();
        return await Task.WhenAll(running);
    }
}
