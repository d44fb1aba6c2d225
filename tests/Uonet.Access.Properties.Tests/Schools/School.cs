using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;

namespace Uonet.Access.Properties.Tests.Schools;

/// <summary>
/// One instance (<c>gminawulkanowo</c>) with one unit (SP1) and its secretary, on the in-memory store, built and driven
/// through the public API only — as a host would. Time is a <see cref="FakeTimeProvider"/>; mail is kept in
/// <see cref="Mailbox"/>; Argon2 runs with tiny parameters, because the properties are about parsing, not hashing.
/// </summary>
internal sealed class School : IAsyncDisposable
{
    public const string Symbol = "gminawulkanowo";
    public const string Unit = "SP1";
    public const string MotherEmail = "anna.nowak@example.pl";
    public const string Password = "kot ma ale i psa burka";

    public static readonly StaffActor Secretary = new(Symbol, "sekretariat@sp1.edu.pl");

    private readonly ServiceProvider _provider;

    private School(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public Mailbox Mailbox => Get<Mailbox>();

    public static async Task<School> OpenAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<Mailbox>();
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.PasswordHashing.MemoryKiB = 64;
            o.PasswordHashing.Iterations = 1;
        })
        .UseInMemoryStore()
        .UseMailSender(sp => sp.GetRequiredService<Mailbox>());
        var school = new School(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), time);
        var directory = school.Get<SchoolDirectory>();
        Ok(await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", "https://uonetplus.example.pl/gminawulkanowo/"));
        Ok(await directory.AddUnitAsync(Symbol, Unit, "Szkoła Podstawowa nr 1"));
        Ok(await directory.AssignStaffAsync(Symbol, Secretary.Email, "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, Unit)));
        return school;
    }

    /// <summary>A service of the library, resolved as a host would (created on demand when the container has none).</summary>
    public T Get<T>()
        where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(_provider);

    /// <summary>Ola Nowak (SP1, 4a) with her mother listed by <see cref="MotherEmail"/> (R2).</summary>
    public async Task AddOlaWithMotherAsync() => Ok(await Get<StudentRecords>().AddStudentAsync(Secretary, new NewStudent
    {
        UnitCode = Unit,
        ClassName = "4a",
        FirstName = "Ola",
        LastName = "Nowak",
        Pesel = "15220123459",
        Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = MotherEmail, Relation = GuardianRelation.Mother }],
    }));

    /// <summary>Asks for a first-login / restore link (R3, R4), delivers the outbox and returns the token of the link mailed.</summary>
    public async Task<string> RequestLinkTokenAsync(string email = MotherEmail)
    {
        Ok(await Get<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = email }));
        await Get<OutboxDispatcher>().DispatchPendingAsync();
        var link = new Uri(Mailbox.Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email).Link!);
        return link.Query.TrimStart('?').Split('&').Select(Uri.UnescapeDataString).Single(p => p.StartsWith("token=", StringComparison.Ordinal))["token=".Length..];
    }

    /// <summary>Sets the mother's password through the mailed link and signs her in; returns the session ticket.</summary>
    public async Task<string> SignInMotherAsync()
    {
        Ok(await Get<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = await RequestLinkTokenAsync(), Password = Password }));
        var signedIn = await Get<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = MotherEmail, Password = Password });
        Assert.True(signedIn.Outcome == SignInOutcome.Success, signedIn.Error?.ToString());
        return signedIn.SessionTicket!;
    }

    /// <summary>Pairs a phone with a new P-256 key through the QR ticket and PIN (R7); the caller disposes the key.</summary>
    public async Task<(Guid DeviceId, ECDsa Key)> PairPhoneAsync(string session)
    {
        var devices = Get<MobileDevices>();
        var ticket = await devices.CreatePairingAsync(session);
        Ok(ticket);
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        var registered = await devices.RegisterDeviceAsync(ticket.Value.InstanceSymbol, ticket.Value.Token, ticket.Value.Pin, new DeviceRegistration { Name = "Telefon Anny", Platform = "Android 15", PublicKey = publicKey });
        Ok(registered);
        return (registered.Value.DeviceId, key);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static void Ok(AccessResult result) => Assert.True(result.Succeeded, result.ToString());
}

/// <summary>A mail sender that keeps every message delivered.</summary>
internal sealed class Mailbox : IMailSender
{
    private readonly List<OutboxMessage> _sent = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<OutboxMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(message);
        }

        return Task.FromResult(MailDeliveryResult.Delivered);
    }
}
