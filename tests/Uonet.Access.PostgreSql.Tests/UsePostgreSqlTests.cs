using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

public sealed class UsePostgreSqlTests : IDisposable
{
    private const string Password = "kot ma ale i psa burka";

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task UsePostgreSql_EveryStoreContract_ResolvesToOneMigratedStore()
    {
        await using var provider = Provider(ScratchSchema.ConnectionString);

        var directory = provider.GetRequiredService<ISchoolDirectoryStore>();

        var store = Assert.IsType<PostgreSqlAccessStore>(directory);
        Assert.Same(store, provider.GetRequiredService<IStudentRecordStore>());
        Assert.Same(store, provider.GetRequiredService<ICredentialStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IDeviceStore>());
        Assert.Same(store, provider.GetRequiredService<IMaintenanceStore>());
        Assert.Same(store, provider.GetRequiredService<IImportRunStore>());
        Assert.Same(store, provider.GetRequiredService<PostgreSqlAccessStore>());
        Assert.Equal(_schema.Name, store.Schema);
        Assert.Equal([PostgreSqlAccessStore.SchemaVersion], await _schema.QueryAsync<int>("SELECT max(version) FROM {schema}.schema_version;"));
    }

    [Fact]
    public async Task UsePostgreSql_MigrateOnStartFalse_StoreRefusesUntilMigrated()
    {
        await using var provider = Provider(ScratchSchema.ConnectionString, migrateOnStart: false);
        var store = provider.GetRequiredService<PostgreSqlAccessStore>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListInstancesAsync(CancellationToken.None));
        await store.MigrateAsync(CancellationToken.None);

        Assert.Contains("MigrateAsync", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListInstancesAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host=127.0.0.1;Nonsense Keyword=1")]
    [InlineData("Host=127.0.0.1;Port=not-a-number")]
    public void UsePostgreSql_MalformedConnectionString_FailsAtRegistrationNamingIt(string connectionString)
    {
        var services = new ServiceCollection();

        var error = Assert.ThrowsAny<ArgumentException>(() => services.AddUonetAccess().UsePostgreSql(connectionString));

        Assert.Equal("connectionString", error.ParamName);
    }

    [Fact]
    public void UsePostgreSql_ServerNotReachable_FirstResolutionSaysWhereItLookedWithoutThePassword()
    {
        // A port nothing listens on (the server's own port plus a gap would be a guess; port 1 is never PostgreSQL).
        var connectionString = "Host=127.0.0.1;Port=1;Username=uonet;Password=tajne-haslo;Database=szkola;Timeout=5";
        using var provider = Provider(connectionString);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICredentialStore>());

        Assert.Contains("host 127.0.0.1, port 1, database szkola", error.Message, StringComparison.Ordinal);
        Assert.Contains("migrateOnStart", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tajne-haslo", error.ToString(), StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Fact]
    public async Task UsePostgreSql_DataSourceOfTheApplication_UsedAndLeftOpenWhenTheContainerEnds()
    {
        await using var dataSource = NpgsqlDataSource.Create(ScratchSchema.ConnectionString);
        var services = new ServiceCollection();
        services.AddUonetAccess().UsePostgreSql(dataSource, schema: _schema.Name).UsePickupFolder(Path.Combine(Path.GetTempPath(), "uonet-access-pg-tests", "mail"));

        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IOutboxStore>();
            await store.EnqueueAsync(NewMail(), CancellationToken.None);
        }

        await using var command = dataSource.CreateCommand(_schema.Named("SELECT count(*) FROM {schema}.outbox;"));
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public void UsePostgreSql_UnusableSchemaName_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddUonetAccess().UsePostgreSql(ScratchSchema.ConnectionString, schema: "pg_catalog"));

        Assert.Equal("schema", error.ParamName);
    }

    [Fact]
    public async Task Workflows_OverPostgreSql_FirstLoginThenSignInOnAnotherNode_R2_R3_R5()
    {
        // The library's own services on two containers (two web nodes) sharing the database: the secretary enters the
        // record on one, the mother asks for the link and sets her password on it, and signs in on the other.
        var sent = new List<OutboxMessage>();
        await using var first = Provider(ScratchSchema.ConnectionString, sent: sent);
        await using var second = Provider(ScratchSchema.ConnectionString, migrateOnStart: false);
        var directory = first.GetRequiredService<SchoolDirectory>();
        Assert.True((await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", $"https://uonetplus.example.pl/{Symbol}/")).Succeeded);
        Assert.True((await directory.AddUnitAsync(Symbol, Sp1, "Szkoła Podstawowa nr 1")).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, "sekretariat@sp1.edu.pl", "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, Sp1))).Succeeded);
        var added = await first.GetRequiredService<StudentRecords>().AddStudentAsync(
            new StaffActor(Symbol, "sekretariat@sp1.edu.pl"),
            new NewStudent
            {
                UnitCode = Sp1,
                ClassName = "4a",
                FirstName = "Jan",
                LastName = "Kowalski",
                Pesel = PupilPesel,
                Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Kowalska", Email = "Anna.Kowalska@Example.PL", Relation = GuardianRelation.Mother }],
            });
        Assert.True(added.Succeeded, added.ToString());

        var started = await first.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = " anna.kowalska@example.pl " });
        var dispatched = await first.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var link = Assert.Single(sent, m => m.Kind == MailKind.AccessLink).Link!;
        var completed = await first.GetRequiredService<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!, Password = Password });
        var signedIn = await second.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = ParentEmail, Password = Password });
        var session = await second.GetRequiredService<SessionTickets>().ValidateAsync(signedIn.SessionTicket);

        Assert.True(started.Succeeded, started.ToString());
        Assert.Equal(1, dispatched.Sent);
        Assert.True(completed.Succeeded, completed.ToString());
        Assert.Equal(SignInOutcome.Success, signedIn.Outcome);
        var pupil = Assert.Single(signedIn.Pupils);
        Assert.Equal(("Jan", "Kowalski", "4A", PupilRelation.Mother), (pupil.FirstName, pupil.LastName, pupil.ClassName, pupil.Relation));
        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Single(await second.GetRequiredService<IStudentRecordStore>().ListAuditAsync(Symbol, null, 10, CancellationToken.None));
    }

    private ServiceProvider Provider(string connectionString, bool migrateOnStart = true, List<OutboxMessage>? sent = null)
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.Iterations = 1;
            })
            .UsePostgreSql(connectionString, migrateOnStart, _schema.Name)
            .UseMailSender(_ => new RecordingSender(sent ?? []));
        return services.BuildServiceProvider();
    }

    private sealed class RecordingSender(List<OutboxMessage> sent) : IMailSender
    {
        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (sent)
            {
                sent.Add(message);
            }

            return Task.FromResult(MailDeliveryResult.Delivered);
        }
    }
}
