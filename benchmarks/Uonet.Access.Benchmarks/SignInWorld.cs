using System.Collections.Concurrent;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// A service provider as a host builds it (a store and a hasher chosen with the library's <c>Use…</c> calls, its own DI
/// registrations otherwise) with guardians who have set their password the way a parent does: ask for a link, take it
/// from the mail, complete with a password.
/// </summary>
internal sealed class SignInWorld : IAsyncDisposable
{
    public const string Symbol = "gminabenchmark";
    public const string Password = "kot ma ale i psa burka";

    private const string Unit = "SP1";
    private static readonly StaffActor Secretary = new(Symbol, "sekretariat@sp1.gminabenchmark.pl");

    private readonly ServiceProvider _provider;
    private readonly IAsyncDisposable _store;

    private SignInWorld(ServiceProvider provider, IAsyncDisposable store, IReadOnlyList<string> emails)
    {
        _provider = provider;
        _store = store;
        Emails = emails;
    }

    public AccountSignIn SignIn => _provider.GetRequiredService<AccountSignIn>();

    public IPasswordHasher Hasher => _provider.GetRequiredService<IPasswordHasher>();

    /// <summary>The guardians' addresses; every one has an active account with <see cref="Password"/>.</summary>
    public IReadOnlyList<string> Emails { get; }

    /// <param name="accounts">How many guardians, each with one child in SP1, get an account.</param>
    /// <param name="store">The store, empty at first and deleted when the world is disposed.</param>
    /// <param name="hasherKind">The library's hasher to use.</param>
    /// <param name="hashing">Changes the Argon2 options (the defaults are the OWASP row).</param>
    /// <param name="hasher">Replaces the hasher with one of the host's own, as a host may.</param>
    public static async Task<SignInWorld> CreateAsync(
        int accounts,
        StoreKind store = StoreKind.InMemory,
        HasherKind hasherKind = HasherKind.Konscious,
        Action<PasswordHashingOptions>? hashing = null,
        IPasswordHasher? hasher = null)
    {
        var mail = new KeepingMailSender();
        var services = new ServiceCollection();
        if (hasher is not null)
        {
            // The library registers its services with TryAdd, so this registration wins.
            services.AddSingleton(hasher);
        }

        var builder = services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                hashing?.Invoke(o.PasswordHashing);
            })
            .UseMailSender(_ => mail)
            .Use(hasherKind);
        var storage = BenchmarkStores.Use(builder, store);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var emails = Enumerable.Range(1, accounts).Select(i => $"rodzic{i:D4}@example.pl").ToArray();
        try
        {
            await SeedAsync(provider, emails);
            await SetPasswordsAsync(provider, mail, emails);
        }
        catch
        {
            await provider.DisposeAsync();
            await storage.DisposeAsync();
            throw;
        }

        return new SignInWorld(provider, storage, emails);
    }

    public SignInRequest Request(string email) => new() { InstanceSymbol = Symbol, Email = email, Password = Password };

    public async Task<string> StoredHashAsync(string email)
    {
        var account = await _provider.GetRequiredService<ICredentialStore>().FindAccountAsync(Symbol, email, CancellationToken.None);
        return account?.PasswordHash ?? throw new InvalidOperationException($"{email} has no account.");
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static async Task SeedAsync(IServiceProvider provider, string[] emails)
    {
        var directory = provider.GetRequiredService<SchoolDirectory>();
        var records = provider.GetRequiredService<StudentRecords>();
        Expect(await directory.AddInstanceAsync(Symbol, "Gmina Benchmark", "https://uonet.example.pl/gminabenchmark/"), "instance");
        Expect(await directory.AddUnitAsync(Symbol, Unit, "Szkoła Podstawowa nr 1"), "unit");
        Expect(await directory.AssignStaffAsync(Symbol, Secretary.Email, "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, Unit)), "secretary");
        foreach (var email in emails)
        {
            Expect(await records.AddStudentAsync(Secretary, new NewStudent
            {
                UnitCode = Unit,
                ClassName = "4a",
                FirstName = "Ola",
                LastName = "Nowak",
                Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = email, Relation = GuardianRelation.Mother }],
            }), "pupil of " + email);
        }
    }

    private static async Task SetPasswordsAsync(IServiceProvider provider, KeepingMailSender mail, string[] emails)
    {
        var restore = provider.GetRequiredService<RestoreAccess>();
        foreach (var email in emails)
        {
            Expect(await restore.StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = email }), "link for " + email);
        }

        await provider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var tokens = mail.Sent
            .Where(m => m.Kind == MailKind.AccessLink)
            .ToDictionary(m => m.To, m => HttpUtility.ParseQueryString(new Uri(m.Link!).Query)["token"]!, StringComparer.Ordinal);

        // Each completion hashes the password; no more at once than there are cores, so that setting up a world whose
        // hasher is uncapped does not itself become the burst whose peak memory is measured later.
        await Parallel.ForEachAsync(
            emails,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (email, cancellationToken) =>
            {
                var token = tokens.GetValueOrDefault(email) ?? throw new InvalidOperationException($"No access link was mailed to {email}.");
                Expect(await restore.CompleteAsync(new CompleteAccessRequest { Token = token, Password = Password }, cancellationToken), "password of " + email);
            });
    }

    private static void Expect(AccessResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Setting up the {what} failed: {result}");
        }
    }

    /// <summary>Delivers mail into memory, where setup reads the access links.</summary>
    private sealed class KeepingMailSender : IMailSender
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
