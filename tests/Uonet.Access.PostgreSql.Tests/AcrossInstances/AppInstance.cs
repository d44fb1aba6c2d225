using System.Collections.Concurrent;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.AcrossInstances;

/// <summary>
/// One full application instance, as one web node runs it: a DI container of its own (<c>AddUonetAccess().UsePostgreSql</c>
/// with a connection pool of its own, its own clock and its own cheap hasher) over a schema that other instances share.
/// Its connections carry <see cref="Name"/> as their <c>application_name</c>, so the server can tell its backends apart.
/// </summary>
internal sealed class AppInstance : IAsyncDisposable
{
    public const string Password = "kot ma ale i psa burka";
    public const string Secretary = "sekretariat@sp1.edu.pl";

    private readonly ServiceProvider _services;

    private AppInstance(ServiceProvider services, FakeTimeProvider time, string name, ConcurrentQueue<OutboxMessage> sent)
    {
        _services = services;
        Time = time;
        Name = name;
        Sent = sent;
    }

    /// <summary>The instance's <c>application_name</c> on the server.</summary>
    public string Name { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Every message this instance's dispatcher delivered, in order.</summary>
    public ConcurrentQueue<OutboxMessage> Sent { get; }

    public RestoreAccess Restore => Get<RestoreAccess>();

    public AccountSignIn SignIn => Get<AccountSignIn>();

    public MobileDevices Devices => Get<MobileDevices>();

    public StudentRecords Records => Get<StudentRecords>();

    public PostgreSqlAccessStore Store => Get<PostgreSqlAccessStore>();

    private static readonly string SharedMailKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts an instance over <paramref name="schema"/> (migrating it if needed), its clock at <see cref="Fixtures.Now"/>.</summary>
    /// <param name="sender">The mail sender; by default one that records into <see cref="Sent"/>.</param>
    public static AppInstance Start(ScratchSchema schema, string name, Action<UonetAccessOptions>? configure = null, IMailSender? sender = null)
    {
        var time = new FakeTimeProvider(Now);
        var sent = new ConcurrentQueue<OutboxMessage>();
        var connectionString = new NpgsqlConnectionStringBuilder(ScratchSchema.ConnectionString) { ApplicationName = name }.ConnectionString;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";

                // Web nodes of one database share the mail key, or one could not send what another queued.
                o.Mail.Protection.Keys["nodes"] = SharedMailKey;
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.Iterations = 1;
                configure?.Invoke(o);
            })
            .UsePostgreSql(connectionString, migrateOnStart: true, schema.Name)
            .UseMailSender(_ => sender ?? new RecordingSender(sent));
        var provider = services.BuildServiceProvider();

        // Resolving the store migrates the schema and fails here, not in the middle of a test, when the server is missing.
        _ = provider.GetRequiredService<PostgreSqlAccessStore>();
        return new AppInstance(provider, time, name, sent);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Adds the instance, SP1, its secretary and Jan Kowalski (4A) with his mother Anna listed (R2).</summary>
    public async Task<StudentRecord> SeedSchoolAsync()
    {
        var directory = Get<SchoolDirectory>();
        Assert.True((await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", $"https://uonetplus.example.pl/{Symbol}/")).Succeeded);
        Assert.True((await directory.AddUnitAsync(Symbol, Sp1, "Szkoła Podstawowa nr 1")).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, Secretary, "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, Sp1))).Succeeded);
        var added = await Records.AddStudentAsync(Staff, NewPupil());
        Assert.True(added.Succeeded, added.ToString());
        return added.Value;
    }

    public static StaffActor Staff => new(Symbol, Secretary);

    public static NewStudent NewPupil(string firstName = "Jan", string pesel = PupilPesel, string guardianEmail = ParentEmail) => new()
    {
        UnitCode = Sp1,
        ClassName = "4a",
        FirstName = firstName,
        LastName = "Kowalski",
        Pesel = pesel,
        Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Kowalska", Email = guardianEmail, Relation = GuardianRelation.Mother }],
    };

    /// <summary>"Przywróć dostęp" for the address, then delivers the mail; returns the token of the link it carried.</summary>
    public async Task<string> RequestLinkAsync(string email = ParentEmail)
    {
        Assert.True((await Restore.StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = email })).Succeeded);
        await Get<OutboxDispatcher>().DispatchPendingAsync();
        var link = Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email).Link!;
        return HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
    }

    /// <summary>The first login: the link, then the password (R3).</summary>
    public async Task SetPasswordAsync(string email = ParentEmail, string password = Password)
    {
        var completed = await Restore.CompleteAsync(new CompleteAccessRequest { Token = await RequestLinkAsync(email), Password = password });
        Assert.True(completed.Succeeded, completed.ToString());
    }

    /// <summary>Signs in as a person would: the password step and, when a code is given and asked for, the second step.</summary>
    public async Task<AccountSignInResult> TrySignInAsync(string password, string email = ParentEmail, string? clientKey = null, string? totp = null)
    {
        var result = await SignIn.SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = email, Password = password, ClientKey = clientKey });
        return result.Outcome == SignInOutcome.RequiresSecondFactor && totp is not null
            ? await SignIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = Symbol, Ticket = result.SecondFactorTicket!, TotpCode = totp, ClientKey = clientKey })
            : result;
    }

    /// <summary>Signs in with the right password and returns the session ticket.</summary>
    public async Task<string> SignedInAsync(string email = ParentEmail)
    {
        var signedIn = await TrySignInAsync(Password, email);
        Assert.Equal(SignInOutcome.Success, signedIn.Outcome);
        return signedIn.SessionTicket!;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private sealed class RecordingSender(ConcurrentQueue<OutboxMessage> sent) : IMailSender
    {
        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            sent.Enqueue(message);
            return Task.FromResult(MailDeliveryResult.Delivered);
        }
    }
}
