using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Uonet.Access.Devices;
using Uonet.Access.Sessions;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The per-request path, measured beside the cheapest thing a database can answer: every page view validates a
/// session ticket and every phone request verifies a signature, each resolving the pupils the account sees (R5, R8).
/// Targets (issue 18): resolution and session validation each within 2× a bare <c>SELECT 1</c> on the same pool; device
/// verification within 2× the bare round trip plus the one ECDSA verification it cannot skip (<see cref="SignatureOnly"/>).
/// The EF Core store runs beside the hand-written one on each engine (issue 19 §1), each with the floor of its own
/// connections, so one run gives both ratios: over the bare round trip, and EF Core over hand-written (<see cref="HandWrittenColumn"/>).
/// </summary>
/// <remarks>
/// The store holds one guardian with one child (the size does not matter here: <see cref="GuardianResolutionBenchmarks"/>
/// shows resolution is flat to a million records). A verified signature is refused when sent again, so every
/// iteration signs its requests first, untimed.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(Invocations, 1)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
[Config(typeof(Config))]
public class RequestPathBenchmarks
{
    /// <summary>Calls per iteration.</summary>
    public const int Invocations = 2048;

    private static readonly Uri Pupils = new(MobileAccessWorld.InstanceUrl, "api/mobile/pupils");

    private readonly List<SignedRequest> _requests = new(Invocations);
    private readonly List<(byte[] Message, byte[] Signature)> _bare = new(Invocations);
    private MobileAccessWorld _world = null!;
    private NpgsqlDataSource? _postgres;
    private string? _sqlite;
    private EmptyEfCoreStore? _efCore;
    private ECDsa _deviceKey = null!;
    private ECDsa _bareKey = null!;
    private Guid _deviceId;
    private string _session = null!;
    private string _email = null!;
    private int _next;

    public static IEnumerable<StoreKind> Stores => BenchmarkStores.Available.Where(s => s != StoreKind.InMemory);

    [ParamsSource(nameof(Stores))]
    public StoreKind Store { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        switch (Store)
        {
            case StoreKind.Sqlite:
                _sqlite = $"Data Source={Path.Combine(BenchmarkStores.DataFolder, $"request-path-{Guid.NewGuid():N}.db")}";
                _world = await MobileAccessWorld.CreateAsync(1, b => b.UseSqlite(_sqlite));
                break;
            case StoreKind.PostgreSql:
                _postgres = NpgsqlDataSource.Create(BenchmarkStores.PostgreSqlConnectionString!);
                _world = await MobileAccessWorld.CreateAsync(1, b => b.UsePostgreSql(_postgres, schema: $"request_path_{Guid.NewGuid():N}"));
                break;
            case StoreKind.EfCoreSqlite or StoreKind.EfCorePostgreSql:
                _efCore = await BenchmarkStores.EmptyEfCoreAsync(Store);
                var store = _efCore.Store;
                _world = await MobileAccessWorld.CreateAsync(1, b => b.UseStore(_ => store));
                break;
            default:
                throw new InvalidOperationException($"No bare round trip for {Store}.");
        }

        var guardian = _world.Guardians[0];
        (_session, _email) = (guardian.Session, guardian.Email);
        (_deviceId, _deviceKey) = await _world.PairPhoneAsync(guardian);
        _bareKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Timing refusals would prove nothing: every path is checked once before measuring.
        Expect(await BareRoundTrip() == 1, "SELECT 1 answered something else");
        Expect((await Resolution()).Count == 1, "the guardian does not see her child");
        Expect((await SessionValidation()).Status == SessionStatus.Valid, "the session is not valid");
        SignRequests();
        Expect((await DeviceVerification()).Succeeded, "the signed request is refused");
        Expect(SignatureOnly(), "the bare signature does not verify");
    }

    [IterationSetup(Targets = [nameof(DeviceVerification), nameof(SignatureOnly)])]
    public void SignRequests()
    {
        _requests.Clear();
        _bare.Clear();
        _next = 0;
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Invocations; i++)
        {
            var headers = DeviceRequestSigner.Sign("GET", Pupils, [], _deviceId, _deviceKey, now);
            _requests.Add(new SignedRequest { Method = "GET", TargetUri = Pupils, Headers = headers.ToHeaders() });
            var message = RandomNumberGenerator.GetBytes(200);
            _bare.Add((message, _bareKey.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _world.DisposeAsync();
        _deviceKey.Dispose();
        _bareKey.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_sqlite is not null)
        {
            SqliteConnection.ClearAllPools();
        }

        if (_efCore is not null)
        {
            await _efCore.DisposeAsync();
        }
    }

    /// <summary>
    /// The floor: a pooled connection, <c>SELECT 1</c>, the connection back to the pool. For the EF Core store, a context
    /// from its own pooled factory and that context's connection, as each of the store's operations starts: the same
    /// connection string, provider and pool, with the command sent as plain ADO.NET so no query translation is counted.
    /// </summary>
    [Benchmark(Baseline = true)]
    public async Task<long> BareRoundTrip()
    {
        if (_efCore is not null)
        {
            await using var context = await _efCore.Contexts.CreateDbContextAsync();
            await context.Database.OpenConnectionAsync();
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT 1;";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        if (_postgres is not null)
        {
            await using var command = _postgres.CreateCommand("SELECT 1;");
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await using var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT 1;";
        return (long)(await select.ExecuteScalarAsync())!;
    }

    /// <summary>Whom the address sees: records by e-mail and the instance's units.</summary>
    [Benchmark]
    public Task<IReadOnlyList<Eligibility.VisiblePupil>> Resolution() => _world.Resolver.ResolveAsync(MobileAccessWorld.Symbol, _email);

    /// <summary>A page view: ticket → session → account → records → units → staff.</summary>
    [Benchmark]
    public Task<SessionValidation> SessionValidation() => _world.Sessions.ValidateAsync(_session);

    /// <summary>A phone request: device → account → records → units, the signature, the replay-cache entry.</summary>
    [Benchmark]
    public Task<AccessResult<DeviceRequestContext>> DeviceVerification() =>
        _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, _requests[_next++]);

    /// <summary>The part of a phone request no store can take away: one ECDSA P-256 verification with a key in memory.</summary>
    [Benchmark]
    public bool SignatureOnly()
    {
        var (message, signature) = _bare[_next++ % _bare.Count];
        return _bareKey.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new HandWrittenColumn());
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Before measuring: {what}.");
        }
    }
}
