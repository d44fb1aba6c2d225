using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Eligibility;
using Uonet.Access.Sessions;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The per-request path at Poland's size (issue 18 §3): resolution and session validation of the planted guardian
/// (two children in two schools) among 10k, 1M and 10M records on PostgreSQL, and up to 1M on SQLite. Target: 10M ÷ 10k
/// at most 1.5 on PostgreSQL (the <c>÷ smallest RecordCount</c> column).
/// </summary>
/// <remarks>
/// The data is <see cref="SchoolData"/>'s, seeded once per size and kept (<c>seed 10000 1000000 10000000</c>); the
/// guardian's account is created through the access link in the first run and signed in again in later ones.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[GcForce(false)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByMethod)]
[Config(typeof(Config))]
public class NationalScaleBenchmarks
{
    private ServiceProvider _provider = null!;
    private PupilResolver _resolver = null!;
    private SessionTickets _sessions = null!;
    private string _session = null!;

    [ParamsSource(nameof(Stores), Priority = -1)]
    public StoreKind Store { get; set; }

    // The hand-written database stores: the EF Core store is seeded only up to 10k (BenchmarkStores.LargestEfCore), which
    // is RequestPathBenchmarks' and GuardianResolutionBenchmarks' size, not a national one.
    public static IEnumerable<StoreKind> Stores => BenchmarkStores.Available.Where(s => s is StoreKind.Sqlite or StoreKind.PostgreSql);

    [ParamsSource(nameof(RecordCounts))]
    public int RecordCount { get; set; }

    public static IEnumerable<int> RecordCounts => [10_000, 1_000_000, 10_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await using (await BenchmarkStores.SeededAsync(Store, RecordCount))
        {
        }

        var mail = new MobileAccessWorld.KeepingMailSender();
        var services = new ServiceCollection();
        var builder = services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.Iterations = 1;
            })
            .UseMailSender(_ => mail);
        if (Store == StoreKind.Sqlite)
        {
            builder.UseSqlite($"Data Source={BenchmarkStores.SeededSqlitePath(RecordCount)}");
        }
        else
        {
            builder.UsePostgreSql(BenchmarkStores.PostgreSqlConnectionString!, schema: BenchmarkStores.SeededSchema(RecordCount));
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _resolver = _provider.GetRequiredService<PupilResolver>();
        _sessions = _provider.GetRequiredService<SessionTickets>();
        _session = await SignInAsync(mail);

        // Timing a wrong answer would prove nothing, so the answers are checked once before measuring.
        var planted = await ResolveGuardian();
        if (planted.Count != 2 || planted.Select(p => p.UnitCode).Distinct().Count() != 2)
        {
            throw new InvalidOperationException($"The planted guardian sees {planted.Count} pupil(s); expected 2 in two units.");
        }

        var validation = await ValidateSession();
        if (validation.Status != SessionStatus.Valid)
        {
            throw new InvalidOperationException($"The planted guardian's session is {validation.Status}.");
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _provider.DisposeAsync();

    /// <summary>Whom the planted guardian sees: records by e-mail and the instance's units.</summary>
    [Benchmark]
    public Task<IReadOnlyList<VisiblePupil>> ResolveGuardian() =>
        _resolver.ResolveAsync(SchoolData.Symbol, SchoolData.PlantedGuardianEmail);

    /// <summary>A page view of the planted guardian: ticket → session → account → records → units → staff.</summary>
    [Benchmark]
    public Task<SessionValidation> ValidateSession() => _sessions.ValidateAsync(_session);

    /// <summary>Signs the planted guardian in: with the password set in an earlier run, or through the access link first.</summary>
    private async Task<string> SignInAsync(MobileAccessWorld.KeepingMailSender mail)
    {
        var signedIn = await _provider.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = SchoolData.Symbol,
            Email = SchoolData.PlantedGuardianEmail,
            Password = MobileAccessWorld.Password,
        });
        if (signedIn.SessionTicket is { } ticket)
        {
            return ticket;
        }

        var sessions = await MobileAccessWorld.SignInAsync(_provider, mail, [SchoolData.PlantedGuardianEmail]);
        return sessions[SchoolData.PlantedGuardianEmail];
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new GrowthColumn(nameof(RecordCount)));

            // A file store serves one node; beyond a million records its seeding alone takes hours.
            AddFilter(new SimpleFilter(c =>
                BenchmarkStores.Seeds((StoreKind)c.Parameters[nameof(Store)], (int)c.Parameters[nameof(RecordCount)])));
        }
    }
}
