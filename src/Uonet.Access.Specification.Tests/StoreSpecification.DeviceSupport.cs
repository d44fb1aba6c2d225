using System.Security.Cryptography;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Shared builders of the device, maintenance and account-closure tests. Devices come into being only by consuming a
// pairing ticket, exactly as registration creates them (R7), so a store may hang them off tickets and accounts.
public abstract partial class StoreSpecification
{
    /// <summary>When the pairing tickets of a test are asked for: an hour after <see cref="Requested"/>, when the accounts were created.</summary>
    protected static readonly DateTimeOffset Paired = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How long a pairing ticket of a test works.</summary>
    protected static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Wrong PINs a new ticket allows.</summary>
    protected const int PinTries = 3;

    // One RSA key for the whole suite: generating 2048-bit keys per test would only cost time.
    private static readonly byte[] RsaPublicKey = CreateRsaPublicKey();

    /// <summary>An open pairing ticket of an account with a fresh token, working for <see cref="TicketLifetime"/> from <paramref name="createdAt"/>.</summary>
    protected static PairingTicket NewTicket(Account account, DateTimeOffset? createdAt = null, int tries = PinTries)
    {
        ArgumentNullException.ThrowIfNull(account);
        var id = Guid.NewGuid();
        var created = createdAt ?? Paired;
        return new PairingTicket
        {
            Id = id,
            TokenHash = TokenHashOf(id.ToString("N")[..8].ToUpperInvariant()),
            PinHash = TokenHashOf($"{id:N}482915"),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CreatedAt = created,
            ExpiresAt = created + TicketLifetime,
            RemainingTries = tries,
        };
    }

    /// <summary>A device of an account with a real DER public key, registered and last seen at <paramref name="createdAt"/>.</summary>
    protected static MobileDevice NewDevice(Account account, DateTimeOffset? createdAt = null, DeviceKeyAlgorithm algorithm = DeviceKeyAlgorithm.EcdsaP256, string name = "Telefon Anny")
    {
        ArgumentNullException.ThrowIfNull(account);
        var created = createdAt ?? Paired;
        return new MobileDevice
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            Name = name,
            Platform = algorithm == DeviceKeyAlgorithm.Rsa ? "iOS 19" : "Android 15",
            PublicKey = algorithm == DeviceKeyAlgorithm.Rsa ? [.. RsaPublicKey] : CreateEcdsaPublicKey(),
            KeyAlgorithm = algorithm,
            CreatedAt = created,
            LastSeenAt = created,
        };
    }

    /// <summary>The "new device" notice that goes with a registration.</summary>
    protected static OutboxMessage DeviceMail(Account account, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        return NewMail(account.Email, MailKind.NewDevice, createdAt ?? Paired, account.InstanceSymbol) with { Subject = "Nowe urządzenie mobilne" };
    }

    /// <summary>Opens a ticket for an account at <paramref name="at"/> and asserts it can be found.</summary>
    protected static async Task<PairingTicket> OpenTicketAsync(StoreUnderTest store, Account account, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = at ?? Paired;
        var ticket = NewTicket(account, now);
        await store.Devices.CreatePairingTicketAsync(ticket, now, CancellationToken.None);
        Assert.Equal(ticket, await store.Devices.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None));
        return ticket;
    }

    /// <summary>Registers a device the way pairing does: opens a ticket at <paramref name="at"/> and uses it a minute later (queuing one mail).</summary>
    protected static async Task<MobileDevice> PairAsync(StoreUnderTest store, Account account, DateTimeOffset? at = null, DeviceKeyAlgorithm algorithm = DeviceKeyAlgorithm.EcdsaP256)
    {
        var now = at ?? Paired;
        var ticket = await OpenTicketAsync(store, account, now);
        return await UseTicketAsync(store, account, ticket, now.AddMinutes(1), algorithm);
    }

    /// <summary>Registers a new device of the account with <paramref name="ticket"/> at <paramref name="at"/> (queuing one mail) and asserts the ticket was used.</summary>
    protected static async Task<MobileDevice> UseTicketAsync(StoreUnderTest store, Account account, PairingTicket ticket, DateTimeOffset at, DeviceKeyAlgorithm algorithm = DeviceKeyAlgorithm.EcdsaP256)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ticket);
        var device = NewDevice(account, at, algorithm);
        var result = await store.Devices.ConsumePairingTicketAsync(ticket.Id, at, device, DeviceMail(account, at), CancellationToken.None);
        Assert.Equal(PairingConsumption.Consumed, result);
        return device;
    }

    /// <summary>A new store with both instances and their units, and the account of <see cref="ParentEmail"/> in <see cref="Symbol"/>.</summary>
    protected async Task<(StoreUnderTest Store, Account Account)> StoreWithAccountAsync()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        return (store, await CreateAccountAsync(store));
    }

    /// <summary>A window of one instance (or of all, for <see langword="null"/>) starting at <paramref name="startsAt"/>, not ended.</summary>
    protected static MaintenanceWindow NewWindow(string? symbol, DateTimeOffset startsAt, DateTimeOffset? expectedEndAt = null) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = symbol,
        StartsAt = startsAt,
        ExpectedEndAt = expectedEndAt,
        MessagePolish = "Przerwa techniczna: aktualizacja dziennika. Przepraszamy za utrudnienia.",
        MessageEnglish = "Technical break: the register is being updated. Sorry for the inconvenience.",
        CreatedBy = symbol is null ? "operator platformy" : $"admin@{symbol}.edu.pl",
    };

    /// <summary>Asserts two devices hold the same values, public keys byte by byte.</summary>
    protected static void AssertSameDevice(MobileDevice expected, MobileDevice? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { PublicKey = [] }, actual with { PublicKey = [] });
        Assert.Equal(expected.PublicKey, actual.PublicKey);
    }

    /// <summary>Finds a ticket by its token hash and asserts it exists.</summary>
    protected static async Task<PairingTicket> TicketAsync(StoreUnderTest store, PairingTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ticket);
        var found = await store.Devices.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None);
        Assert.NotNull(found);
        return found;
    }

    private static byte[] CreateEcdsaPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfo();
    }

    private static byte[] CreateRsaPublicKey()
    {
        using var key = RSA.Create(2048);
        return key.ExportSubjectPublicKeyInfo();
    }
}
