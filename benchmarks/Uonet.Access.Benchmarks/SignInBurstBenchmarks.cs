using BenchmarkDotNet.Attributes;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// A burst of <see cref="BurstSize"/> guardians signing in at once (distinct accounts, default OWASP parameters), with
/// the library's default cap on concurrent hashes (the processor count) and without one (a slot for every sign-in).
/// The time is per burst. Peak memory is not a BenchmarkDotNet statistic: the <c>burst</c> mode of this program
/// measures it (see the README).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SignInBurstBenchmarks
{
    public const int BurstSize = 100;

    private SignInWorld _world = null!;

    /// <summary><see cref="Uonet.Access.Credentials.PasswordHashingOptions.MaxConcurrentHashes"/>.</summary>
    [ParamsSource(nameof(Caps))]
    public int MaxConcurrentHashes { get; set; }

    public static IEnumerable<int> Caps => new[] { Environment.ProcessorCount, BurstSize }.Distinct();

    [GlobalSetup]
    public async Task SetupAsync() =>
        _world = await SignInWorld.CreateAsync(BurstSize, hashing => hashing.MaxConcurrentHashes = MaxConcurrentHashes);

    [GlobalCleanup]
    public Task CleanupAsync() => _world.DisposeAsync().AsTask();

    /// <summary>All sign-ins at once, until the last has its answer; throws unless every one succeeds.</summary>
    [Benchmark]
    public Task<TimeSpan[]> Burst() => SignInBurst.RunAsync(_world);
}
