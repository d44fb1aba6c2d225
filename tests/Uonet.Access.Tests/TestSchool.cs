using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Import;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests;

/// <summary>
/// A small world for tests: instance <c>gminawulkanowo</c> with units SP1 (no guardian PESEL) and SP2 (requires
/// guardian PESEL), instance <c>powiatwulkanowy</c> with unit LO1, and their staff. Time is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class TestSchool : IAsyncDisposable
{
    public const string Symbol = "gminawulkanowo";
    public const string OtherSymbol = "powiatwulkanowy";
    public const string Sp1 = "SP1";
    public const string Sp2 = "SP2";
    public const string Lo1 = "LO1";

    /// <summary>Valid PESEL numbers (checksum and date), for pupils and guardians.</summary>
    public static readonly string[] Pesels =
    [
        "15220123459", "15220123466", "15230301012", "14010112345", "80010112340",
        "85021513573", "78082146802", "88030478909", "16310534566", "16211145674",
    ];

    public static readonly StaffActor SecretarySp1 = new(Symbol, "sekretariat@sp1.edu.pl");
    public static readonly StaffActor TeacherSp1Class4A = new(Symbol, "wychowawca4a@sp1.edu.pl");
    public static readonly StaffActor SecretarySp2 = new(Symbol, "sekretariat@sp2.edu.pl");
    public static readonly StaffActor Administrator = new(Symbol, "admin@gminawulkanowo.pl");
    public static readonly StaffActor SecretaryLo1 = new(OtherSymbol, "sekretariat@lo1.edu.pl");

    private readonly ServiceProvider _provider;

    private TestSchool(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public InMemoryAccessStore Store => _provider.GetRequiredService<InMemoryAccessStore>();

    public SchoolDirectory Directory => _provider.GetRequiredService<SchoolDirectory>();

    public StudentRecords Records => _provider.GetRequiredService<StudentRecords>();

    public PupilResolver Resolver => _provider.GetRequiredService<PupilResolver>();

    public LoginDiagnosis Diagnosis => _provider.GetRequiredService<LoginDiagnosis>();

    public StudentRecordImport Import => _provider.GetRequiredService<StudentRecordImport>();

    public RestoreAccess RestoreAccess => _provider.GetRequiredService<RestoreAccess>();

    public AccountSignIn SignIn => _provider.GetRequiredService<AccountSignIn>();

    public SessionTickets Sessions => _provider.GetRequiredService<SessionTickets>();

    public TwoFactorSetup TwoFactor => _provider.GetRequiredService<TwoFactorSetup>();

    public OutboxDispatcher Dispatcher => _provider.GetRequiredService<OutboxDispatcher>();

    /// <summary>Every mail the dispatcher delivered, in order.</summary>
    public RecordingMailSender Mail => _provider.GetRequiredService<RecordingMailSender>();

    public IServiceProvider Services => _provider;

    public static async Task<TestSchool> CreateAsync(Action<UonetAccessOptions>? configure = null, Action<IServiceCollection>? replace = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<RecordingMailSender>();

        // Cheap Argon2 parameters keep the suite fast; tests of the hasher itself use the real ones.
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.PasswordHashing.MemoryKiB = 64;
            o.PasswordHashing.Iterations = 1;
            configure?.Invoke(o);
        })
        .UseStore(_ => new InMemoryAccessStore())
        .UseMailSender(sp => sp.GetRequiredService<RecordingMailSender>());
        replace?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var school = new TestSchool(provider, time);
        await school.SeedAsync();
        return school;
    }

    /// <summary>Adds a pupil through the secretary of the unit and returns the record; fails the test if refused.</summary>
    public async Task<StudentRecord> AddStudentAsync(string unitCode, string className, string first, string last, string? pesel, string? email, params GuardianDetails[] guardians)
    {
        var actor = unitCode switch
        {
            Sp1 => SecretarySp1,
            Sp2 => SecretarySp2,
            _ => SecretaryLo1,
        };
        var result = await Records.AddStudentAsync(actor, new NewStudent
        {
            UnitCode = unitCode,
            ClassName = className,
            FirstName = first,
            LastName = last,
            Pesel = pesel,
            Email = email,
            Guardians = guardians,
        });
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    public static GuardianDetails Guardian(string first, string last, string? email, string? pesel = null, GuardianRelation relation = GuardianRelation.Mother) =>
        new() { FirstName = first, LastName = last, Email = email, Pesel = pesel, Relation = relation };

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private async Task SeedAsync()
    {
        Ok(await Directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", "https://uonetplus.example.pl/gminawulkanowo/"));
        Ok(await Directory.AddInstanceAsync(OtherSymbol, "Powiat Wulkanowy", "https://uonetplus.example.pl/powiatwulkanowy/"));
        Ok(await Directory.AddUnitAsync(Symbol, Sp1, "Szkoła Podstawowa nr 1"));
        Ok(await Directory.AddUnitAsync(Symbol, Sp2, "Szkoła Podstawowa nr 2", requireGuardianPesel: true));
        Ok(await Directory.AddUnitAsync(OtherSymbol, Lo1, "I Liceum Ogólnokształcące"));
        Ok(await Directory.AssignStaffAsync(Symbol, SecretarySp1.Email, "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, Sp1)));
        Ok(await Directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Jan Wychowawca", new StaffAssignment(StaffRole.ClassTeacher, Sp1, "4a")));
        Ok(await Directory.AssignStaffAsync(Symbol, SecretarySp2.Email, "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, Sp2)));
        Ok(await Directory.AssignStaffAsync(Symbol, Administrator.Email, "Adam Administrator", new StaffAssignment(StaffRole.Administrator)));
        Ok(await Directory.AssignStaffAsync(OtherSymbol, SecretaryLo1.Email, "Olga Sekretarz", new StaffAssignment(StaffRole.Secretary, Lo1)));
    }

    private static void Ok(AccessResult result) => Assert.True(result.Succeeded, result.ToString());
}

/// <summary>A mail sender that keeps what it was given, and can be told to fail.</summary>
internal sealed class RecordingMailSender : IMailSender
{
    private readonly List<OutboxMessage> _sent = [];
    private readonly Lock _gate = new();

    /// <summary>When set, every send answers this instead of delivering.</summary>
    public MailDeliveryStatus? FailWith { get; set; }

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
        if (FailWith is { } status)
        {
            return Task.FromResult(new MailDeliveryResult(status, "test failure"));
        }

        lock (_gate)
        {
            _sent.Add(message);
        }

        return Task.FromResult(MailDeliveryResult.Delivered);
    }
}
