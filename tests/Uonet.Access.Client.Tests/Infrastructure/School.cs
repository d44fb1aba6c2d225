using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;

namespace Uonet.Access.Client.Tests.Infrastructure;

/// <summary>
/// The server side, driven through the library's public API only: instance <c>gminawulkanowo</c> with school SP1, its
/// secretary, and Anna Nowak, mother of Ola and Piotr, who has set her password and signs in to open pairing tickets
/// (R7). The store is the caller's: in memory for the in-process tests, a SQLite file the portal process shares for the
/// end-to-end ones.
/// </summary>
public sealed class School : IAsyncDisposable
{
    public const string Symbol = "gminawulkanowo";
    public const string Anna = "anna.nowak@example.pl";
    public const string Password = "kot ma ale i psa burka";

    private static readonly StaffActor Secretary = new(Symbol, "sekretariat@sp1.example.pl");

    private readonly ServiceProvider _provider;

    private School(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public Guid Ola { get; private set; }

    public Guid Piotr { get; private set; }

    /// <summary>Builds the school on the store <paramref name="useStore"/> registers, with the instance at <paramref name="baseUrl"/>.</summary>
    public static async Task<School> CreateAsync(TimeProvider time, Action<UonetAccessBuilder> useStore, string baseUrl = "https://uonetplus.example.pl/gminawulkanowo/")
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton<MailBox>();
        var builder = services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";

            // Cheap Argon2 keeps the tests fast; no password is checked by the portal here.
            o.PasswordHashing.MemoryKiB = 64;
            o.PasswordHashing.Iterations = 1;
        })
        .UseMailSender(sp => sp.GetRequiredService<MailBox>());
        useStore(builder);
        var school = new School(services.BuildServiceProvider(validateScopes: true));
        await school.SeedAsync(baseUrl);
        return school;
    }

    /// <summary>Signs Anna in and opens a pairing ticket (token, PIN, QR payload) as <b>Zarejestruj urządzenie mobilne</b> does.</summary>
    public async Task<PairingTicketView> OpenPairingAsync()
    {
        var ticket = await Get<MobileDevices>().CreatePairingAsync(await SignInAsync());
        Assert.True(ticket.Succeeded, ticket.ToString());
        return ticket.Value;
    }

    public async Task<string> SignInAsync()
    {
        var signIn = await Get<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = Anna, Password = Password });
        Assert.Equal(SignInOutcome.Success, signIn.Outcome);
        return signIn.SessionTicket!;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private async Task SeedAsync(string baseUrl)
    {
        var directory = Get<SchoolDirectory>();
        Ok(await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", baseUrl));
        Ok(await directory.AddUnitAsync(Symbol, "SP1", "Szkoła Podstawowa nr 1"));
        Ok(await directory.AssignStaffAsync(Symbol, Secretary.Email, "Halina Sekretarz", new StaffAssignment(StaffRole.Secretary, "SP1")));
        Ola = await AddChildAsync("Ola", "4a", "15220123459");
        Piotr = await AddChildAsync("Piotr", "6c", "16310534566");

        var restore = Get<RestoreAccess>();
        Ok(await restore.StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = Anna }));
        await Get<OutboxDispatcher>().DispatchPendingAsync();
        var link = Get<MailBox>().Sent.Last(m => m.Kind == MailKind.AccessLink).Link!;
        Ok(await restore.CompleteAsync(new CompleteAccessRequest { Token = HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!, Password = Password }));
    }

    private async Task<Guid> AddChildAsync(string firstName, string className, string pesel)
    {
        var added = await Get<StudentRecords>().AddStudentAsync(Secretary, new NewStudent
        {
            UnitCode = "SP1",
            ClassName = className,
            FirstName = firstName,
            LastName = "Nowak",
            Pesel = pesel,
            Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = Anna, Relation = GuardianRelation.Mother }],
        });
        Ok(added);
        return added.Value.Id;
    }

    private static void Ok(AccessResult result) => Assert.True(result.Succeeded, result.ToString());

    /// <summary>Keeps what the outbox delivers, so the first-login link can be followed.</summary>
    private sealed class MailBox : IMailSender
    {
        private readonly List<OutboxMessage> _sent = [];

        public IReadOnlyList<OutboxMessage> Sent
        {
            get
            {
                lock (_sent)
                {
                    return [.. _sent];
                }
            }
        }

        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (_sent)
            {
                _sent.Add(message);
            }

            return Task.FromResult(MailDeliveryResult.Delivered);
        }
    }
}
