using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.MailKit.Tests.Outage;

/// <summary>
/// A district where many guardians may sign in (R2), wired as a host wires the library: the in-memory store, the
/// outbox dispatcher and <see cref="SmtpMailSender"/> to a loopback server. Time is a <see cref="FakeTimeProvider"/>,
/// so retries come due when a test moves the clock, never by waiting.
/// </summary>
internal sealed class FirstLoginDistrict : IAsyncDisposable
{
    private const string Symbol = "gminawulkanowo";
    private static readonly StaffActor Secretary = new(Symbol, "sekretariat@sp1.edu.pl");

    private readonly ServiceProvider _provider;

    private FirstLoginDistrict(ServiceProvider provider, FakeTimeProvider time, IReadOnlyList<string> guardians)
    {
        _provider = provider;
        Time = time;
        Guardians = guardians;
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The guardians' addresses, each listed in one pupil's record and eligible for the first login.</summary>
    public IReadOnlyList<string> Guardians { get; }

    public OutboxDispatcher Dispatcher => _provider.GetRequiredService<OutboxDispatcher>();

    public MailOptions Mail => _provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<UonetAccessOptions>>().Value.Mail;

    /// <param name="smtpPort">The loopback port the SMTP sender delivers to.</param>
    /// <param name="families">How many pupils, each with one guardian.</param>
    public static async Task<FirstLoginDistrict> CreateAsync(int smtpPort, int families)
    {
        var time = Mails.Clock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddUonetAccess(o => o.EnvironmentName = "Development")
            .UseInMemoryStore()
            .UseSmtp(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = smtpPort;
                o.Security = SmtpSecurity.None;
                o.Timeout = TimeSpan.FromSeconds(10);
            });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var directory = provider.GetRequiredService<SchoolDirectory>();
        Ok(await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", "https://uonetplus.example.pl/gminawulkanowo/"));
        Ok(await directory.AddUnitAsync(Symbol, "SP1", "Szkoła Podstawowa nr 1"));
        Ok(await directory.AssignStaffAsync(Symbol, Secretary.Email, "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, "SP1")));
        var records = provider.GetRequiredService<StudentRecords>();
        var guardians = new List<string>(families);
        for (var i = 0; i < families; i++)
        {
            var number = i.ToString("D4", CultureInfo.InvariantCulture);
            var email = $"rodzic{number}@example.pl";
            Ok(await records.AddStudentAsync(Secretary, new NewStudent
            {
                UnitCode = "SP1",
                ClassName = "1a",
                FirstName = "Uczeń",
                LastName = "Numer " + number,
                Guardians = [new GuardianDetails { FirstName = "Rodzic", LastName = "Numer " + number, Email = email, Relation = GuardianRelation.Mother }],
            }));
            guardians.Add(email);
        }

        return new FirstLoginDistrict(provider, time, guardians);
    }

    /// <summary>Przywróć dostęp for one address, as the web page would ask for it.</summary>
    public Task<AccessResult> RequestLinkAsync(string email) =>
        _provider.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = email });

    /// <summary>Every message of the outbox.</summary>
    public Task<IReadOnlyList<OutboxMessage>> OutboxAsync() =>
        _provider.GetRequiredService<IOutboxStore>().ListAsync(null, 10_000, CancellationToken.None);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static void Ok(AccessResult result) => Assert.True(result.Succeeded, result.ToString());
}
