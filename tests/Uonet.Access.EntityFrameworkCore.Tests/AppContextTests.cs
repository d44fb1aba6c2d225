using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.EntityFrameworkCore.Tests;

/// <summary>An application's own context: one entity of its own beside Uonet.Access's tables, in one database.</summary>
public sealed class AppContextTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "uonet-access-efcore-tests", $"{Guid.NewGuid():N}.db");

    public AppContextTests() => Directory.CreateDirectory(Path.GetDirectoryName(_path)!);

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Fact]
    public void UseEntityFrameworkCore_EveryStoreContract_ResolvesToOneStoreOverTheAppContext()
    {
        using var provider = Provider();

        var store = Assert.IsType<EntityFrameworkCoreAccessStore<SchoolPortalContext>>(provider.GetRequiredService<ISchoolDirectoryStore>());

        Assert.Same(store, provider.GetRequiredService<IStudentRecordStore>());
        Assert.Same(store, provider.GetRequiredService<ICredentialStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IDeviceStore>());
        Assert.Same(store, provider.GetRequiredService<IMaintenanceStore>());
        Assert.Same(store, provider.GetRequiredService<IImportRunStore>());
        Assert.Same(store, provider.GetRequiredService<IRetentionStore>());
        Assert.Same(store, provider.GetRequiredService<IPasskeyStore>());
    }

    [Fact]
    public void UseEntityFrameworkCore_NoContextFactory_FailsSayingHowToAddOne()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess().UseEntityFrameworkCore<SchoolPortalContext>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICredentialStore>());

        Assert.Contains("AddDbContextFactory<SchoolPortalContext>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppContext_AppEntityAndAccessTables_LiveInOneDatabaseAndAGuardianSignsInFirstTime_R2_R3_R5()
    {
        using var provider = Provider();
        var contexts = provider.GetRequiredService<IDbContextFactory<SchoolPortalContext>>();
        await using (var context = await contexts.CreateDbContextAsync())
        {
            await context.Database.EnsureCreatedAsync();
            context.Announcements.Add(new Announcement { Title = "Zebranie z rodzicami" });
            await context.SaveChangesAsync();
        }

        // The library's own services on the app's context: the school office enters a pupil with a guardian …
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
                Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Kowalska", Email = ParentEmail, Relation = GuardianRelation.Mother }],
            });
        Assert.True(added.Succeeded);

        // … the guardian's first login creates the account through a single-use link, and the pupil is resolved.
        var credentials = provider.GetRequiredService<ICredentialStore>();
        var account = await CreateAccountAsync(credentials);
        var pupils = await provider.GetRequiredService<PupilResolver>().ResolveAsync(Symbol, ParentEmail);

        Assert.Equal(account.Id, (await credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None))?.Id);
        Assert.Equal("Jan", Assert.Single(pupils).FirstName);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('announcements', 'portal_accounts', 'portal_students', 'portal_outbox') ORDER BY name;";
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["announcements", "portal_accounts", "portal_outbox", "portal_students"], names);
        await using var context2 = await contexts.CreateDbContextAsync();
        Assert.Equal("Zebranie z rodzicami", Assert.Single(await context2.Announcements.ToListAsync()).Title);
    }

    private ServiceProvider Provider()
    {
        var services = new ServiceCollection();
        services.AddDbContextFactory<SchoolPortalContext>(o => o.UseSqlite(ConnectionString).UseUonetAccessSqlite());
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Production";
                o.AccessLinks.AllowDevelopmentHumanCheck = true;
                o.Mail.Protection.Keys["test"] = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";
            })
            .UseEntityFrameworkCore<SchoolPortalContext>()
            .UsePickupFolder(Path.Combine(Path.GetTempPath(), "uonet-access-efcore-tests", "mail"));
        return services.BuildServiceProvider();
    }
}

/// <summary>An application's context: its own announcements, and Uonet.Access's tables under the prefix <c>portal_</c>.</summary>
public sealed class SchoolPortalContext(DbContextOptions<SchoolPortalContext> options) : DbContext(options)
{
    public DbSet<Announcement> Announcements => Set<Announcement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Announcement>().ToTable("announcements");
        modelBuilder.AddUonetAccess(new UonetAccessModelOptions { TablePrefix = "portal_" });
    }
}

public sealed class Announcement
{
    public int Id { get; set; }

    public required string Title { get; set; }
}
