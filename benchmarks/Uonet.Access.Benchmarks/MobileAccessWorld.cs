using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// A service provider as a host builds it (in-memory store, the library's DI registrations, the system clock) with
/// guardians who set their password through the mailed link and signed in, so each holds a session ticket: the state
/// in which a parent opens <b>Dostęp mobilny</b>.
/// </summary>
/// <remarks>
/// Argon2id runs with 64 KiB and one pass: the mobile benchmarks never hash a password, and setup signs in hundreds of
/// accounts, some benchmarks once per iteration.
/// </remarks>
internal sealed class MobileAccessWorld : IAsyncDisposable
{
    public const string Symbol = "gminabenchmark";
    public const string Password = "kot ma ale i psa burka";

    private const string Unit = "SP1";
    private static readonly StaffActor Secretary = new(Symbol, "sekretariat@sp1.gminabenchmark.pl");

    private readonly ServiceProvider _provider;

    private MobileAccessWorld(ServiceProvider provider, IReadOnlyList<Guardian> guardians)
    {
        _provider = provider;
        Guardians = guardians;
        Devices = provider.GetRequiredService<MobileDevices>();
        Verifier = provider.GetRequiredService<DeviceRequestVerifier>();
        DeviceStore = provider.GetRequiredService<IDeviceStore>();
        Sessions = provider.GetRequiredService<SessionTickets>();
        Resolver = provider.GetRequiredService<PupilResolver>();
    }

    /// <summary>The instance's address; the mobile API lives under it at <see cref="DeviceOptions.ApiPath"/>.</summary>
    public static Uri InstanceUrl { get; } = new("https://uonetplus.example.pl/gminabenchmark/");

    public IReadOnlyList<Guardian> Guardians { get; }

    // Resolved once, so that timed calls do not include a container look-up.
    public MobileDevices Devices { get; }

    public DeviceRequestVerifier Verifier { get; }

    public IDeviceStore DeviceStore { get; }

    public SessionTickets Sessions { get; }

    public PupilResolver Resolver { get; }

    /// <param name="guardians">How many guardians, each the mother of one pupil of SP1 4a, sign in.</param>
    /// <param name="useStore">Registers the store (default: the in-memory one).</param>
    public static async Task<MobileAccessWorld> CreateAsync(int guardians, Action<UonetAccessBuilder>? useStore = null)
    {
        var mail = new KeepingMailSender();
        var services = new ServiceCollection();
        var builder = services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.Iterations = 1;
            })
            .UseMailSender(_ => mail);
        (useStore ?? (static b => b.UseInMemoryStore()))(builder);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            var emails = Enumerable.Range(1, guardians).Select(i => $"rodzic{i:D4}@example.pl").ToArray();
            await SeedAsync(provider, emails);
            var sessions = await SignInAsync(provider, mail, emails);
            var accounts = provider.GetRequiredService<ICredentialStore>();
            var list = new List<Guardian>(emails.Length);
            foreach (var email in emails)
            {
                var account = await accounts.FindAccountAsync(Symbol, email, CancellationToken.None)
                    ?? throw new InvalidOperationException($"{email} has no account.");
                list.Add(new Guardian(email, account.Id, sessions[email]));
            }

            return new MobileAccessWorld(provider, list);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pairing ticket the page shows a guardian; closes the guardian's previous one.</summary>
    public async Task<PairingTicketView> CreateTicketAsync(Guardian guardian)
    {
        var created = await Devices.CreatePairingAsync(guardian.Session);
        Expect(created, "the pairing ticket of " + guardian.Email);
        return created.Value;
    }

    /// <summary>Pairs a phone with a new P-256 key the way the app does; returns the device id and its private key.</summary>
    public async Task<(Guid DeviceId, ECDsa Key)> PairPhoneAsync(Guardian guardian)
    {
        var ticket = await CreateTicketAsync(guardian);
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        var registered = await Devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, ticket.Pin, Phone(publicKey));
        if (!registered.Succeeded)
        {
            key.Dispose();
            Expect(registered, "the phone of " + guardian.Email);
        }

        return (registered.Value.DeviceId, key);
    }

    public static DeviceRegistration Phone(byte[] publicKey) => new() { Name = "Telefon Anny", Platform = "Android 15", PublicKey = publicKey };

    public static void Expect(AccessResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Setting up {what} failed: {result}");
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static async Task SeedAsync(IServiceProvider provider, string[] emails)
    {
        var directory = provider.GetRequiredService<SchoolDirectory>();
        var records = provider.GetRequiredService<StudentRecords>();
        Expect(await directory.AddInstanceAsync(Symbol, "Gmina Benchmark", InstanceUrl.AbsoluteUri), "the instance");
        Expect(await directory.AddUnitAsync(Symbol, Unit, "Szkoła Podstawowa nr 1"), "the unit");
        Expect(await directory.AssignStaffAsync(Symbol, Secretary.Email, "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, Unit)), "the secretary");
        foreach (var email in emails)
        {
            Expect(await records.AddStudentAsync(Secretary, new NewStudent
            {
                UnitCode = Unit,
                ClassName = "4a",
                FirstName = "Ola",
                LastName = "Nowak",
                Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = email, Relation = GuardianRelation.Mother }],
            }), "the pupil of " + email);
        }
    }

    /// <summary>Each address sets its password through the mailed access link and signs in; returns the session tickets.</summary>
    public static async Task<Dictionary<string, string>> SignInAsync(IServiceProvider provider, KeepingMailSender mail, string[] emails)
    {
        var restore = provider.GetRequiredService<RestoreAccess>();
        foreach (var email in emails)
        {
            Expect(await restore.StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = email }), "the access link of " + email);
        }

        await provider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var tokens = mail.Sent
            .Where(m => m.Kind == MailKind.AccessLink)
            .ToDictionary(m => m.To, m => HttpUtility.ParseQueryString(new Uri(m.Link!).Query)["token"]!, StringComparer.Ordinal);
        var signIn = provider.GetRequiredService<AccountSignIn>();
        var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var email in emails)
        {
            var token = tokens.GetValueOrDefault(email) ?? throw new InvalidOperationException($"No access link was mailed to {email}.");
            Expect(await restore.CompleteAsync(new CompleteAccessRequest { Token = token, Password = Password }), "the password of " + email);
            var signedIn = await signIn.SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = email, Password = Password });
            sessions[email] = signedIn.SessionTicket ?? throw new InvalidOperationException($"{email} could not sign in: {signedIn.Outcome} {signedIn.Error}");
        }

        return sessions;
    }

    /// <summary>A signed-in guardian: the login, the account and the session ticket.</summary>
    public sealed record Guardian(string Email, Guid AccountId, string Session);

    /// <summary>Delivers mail into memory, where setup reads the access links.</summary>
    public sealed class KeepingMailSender : IMailSender
    {
        private readonly ConcurrentQueue<OutboxMessage> _sent = new();

        public IEnumerable<OutboxMessage> Sent => _sent;

        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            _sent.Enqueue(message);
            return Task.FromResult(MailDeliveryResult.Delivered);
        }
    }
}
