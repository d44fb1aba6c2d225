using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.Mail;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

public sealed class UseSqliteTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void UseSqlite_EveryStoreContract_ResolvesToOneMigratedStore()
    {
        using var provider = Provider();

        var directory = provider.GetRequiredService<ISchoolDirectoryStore>();

        var store = Assert.IsType<SqliteAccessStore>(directory);
        Assert.Same(store, provider.GetRequiredService<IStudentRecordStore>());
        Assert.Same(store, provider.GetRequiredService<ICredentialStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IDeviceStore>());
        Assert.Same(store, provider.GetRequiredService<IMaintenanceStore>());
        Assert.Same(store, provider.GetRequiredService<IImportRunStore>());
        Assert.Same(store, provider.GetRequiredService<SqliteAccessStore>());
        Assert.Equal((long)SqliteAccessStore.SchemaVersion, Scalar("SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task UseSqlite_MigrateOnStartFalse_StoreRefusesUntilMigrated()
    {
        using var provider = Provider(migrateOnStart: false);
        var store = provider.GetRequiredService<SqliteAccessStore>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListInstancesAsync(CancellationToken.None));
        await store.MigrateAsync(CancellationToken.None);

        Assert.Contains("MigrateAsync", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public void UseSqlite_InMemoryConnectionString_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddUonetAccess().UseSqlite("Data Source=:memory:"));

        Assert.Equal("connectionString", error.ParamName);
    }

    [Fact]
    public async Task Workflows_OverSqlite_GuardianSeesPupilAlsoAfterRestart_R2_R5()
    {
        // The library's own services, on the SQLite store, through a "restart" (a second container on the same file).
        using (var provider = Provider())
        {
            var directory = provider.GetRequiredService<SchoolDirectory>();
            Assert.True((await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", $"https://uonetplus.example.pl/{Symbol}/")).Succeeded);
            Assert.True((await directory.AddUnitAsync(Symbol, Sp1, "Szkoła Podstawowa nr 1")).Succeeded);
            Assert.True((await directory.AssignStaffAsync(Symbol, "sekretariat@sp1.edu.pl", "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, Sp1))).Succeeded);
            var added = await provider.GetRequiredService<StudentRecords>().AddStudentAsync(
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
            Assert.True(added.Succeeded);
        }

        using (var connection = new SqliteConnection(_database.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        using var restarted = Provider(migrateOnStart: false);
        var pupils = await restarted.GetRequiredService<PupilResolver>().ResolveAsync(Symbol, ParentEmail);

        var pupil = Assert.Single(pupils);
        Assert.Equal(("Jan", "Kowalski", "4A", PupilRelation.Mother), (pupil.FirstName, pupil.LastName, pupil.ClassName, pupil.Relation));
        Assert.Single(await restarted.GetRequiredService<IStudentRecordStore>().ListAuditAsync(Symbol, null, 10, CancellationToken.None));
    }

    [Fact]
    public void UseSqlite_NoMailKeyInDevelopment_KeyFileMadeBesideTheDatabaseOwnerOnlyAndKeptForTheNextHost()
    {
        using var first = Provider(environment: "Development", key: null);
        var currentKey = first.GetRequiredService<IMailProtector>().Protect("link");
        using var second = Provider(environment: "Development", key: null);

        Assert.True(File.Exists(_database.Path + ".mail-keys"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_database.Path + ".mail-keys"));
        }

        Assert.True(second.GetRequiredService<IMailProtector>().TryUnprotect(currentKey, out var clear, out _));
        Assert.Equal("link", clear);
    }

    [Fact]
    public void UseSqlite_NoMailKeyOutsideDevelopment_RefusesToStartNamingTheKeyFileAndHowToConfigureAKey()
    {
        using var provider = Provider(environment: "Production", key: null);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UonetAccessOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.Contains(_database.Path + ".mail-keys", failure, StringComparison.Ordinal);
        Assert.Contains("Mail.Protection.Keys", failure, StringComparison.Ordinal);
        Assert.False(File.Exists(_database.Path + ".mail-keys"));
    }

    private ServiceProvider Provider(bool migrateOnStart = true, string environment = "Production", string? key = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=")
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = environment;
                o.AccessLinks.AllowDevelopmentHumanCheck = true;
                if (key is not null)
                {
                    o.Mail.Protection.Keys["test"] = key;
                }
            })
            .UseSqlite(_database.ConnectionString, migrateOnStart)
            .UsePickupFolder(Path.Combine(Path.GetTempPath(), "uonet-access-sqlite-tests", "mail"));
        return services.BuildServiceProvider();
    }

    private long Scalar(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
