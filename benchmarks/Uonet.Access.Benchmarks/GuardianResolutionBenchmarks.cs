using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using Uonet.Access.Eligibility;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// Resolution of one guardian's pupils (R5, R8: on every request) among 10k, 100k and 1M records of one instance, in
/// every store. The store's e-mail index should make the time independent of the number of records: the target is at
/// most 1.5 times the 10k time at 1M. The EF Core store runs at 10k only (<see cref="BenchmarkStores.LargestEfCore"/>):
/// there its rows beside the hand-written store's on the same engine give the EF Core ÷ hand-written ratio.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
// By default every iteration starts with a forced full collection. Of the 1M-record heap (about 1.8 GB) each one takes
// seconds on a small machine: the short run lasted 8 minutes instead of 1.5, with the same results within noise.
// A server never forces collections either; the gen-0 collections the calls cause are still measured.
[GcForce(false)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByMethod)]
[Config(typeof(Config))]
public class GuardianResolutionBenchmarks
{
    private PupilResolver _resolver = null!;
    private SeededStore _store = null!;

    // Listed first so that each store's sizes stay side by side.
    [ParamsSource(nameof(Stores), Priority = -1)]
    public StoreKind Store { get; set; }

    public static IEnumerable<StoreKind> Stores => BenchmarkStores.Available;

    [ParamsSource(nameof(RecordCounts))]
    public int RecordCount { get; set; }

    public static IEnumerable<int> RecordCounts => [10_000, 100_000, 1_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await BenchmarkStores.SeededAsync(Store, RecordCount);
        _resolver = new PupilResolver(_store.Directory, _store.Records);

        // Timing a wrong answer would prove nothing, so the answers are checked once before measuring.
        var planted = await _resolver.ResolveAsync(SchoolData.Symbol, SchoolData.PlantedGuardianEmail);
        if (planted.Count != 2 || planted.Select(p => p.UnitCode).Distinct().Count() != 2)
        {
            throw new InvalidOperationException($"The planted guardian sees {planted.Count} pupil(s); expected 2 in two units.");
        }

        var unknown = await _resolver.ResolveAsync(SchoolData.Symbol, SchoolData.UnknownEmail);
        if (unknown.Count != 0)
        {
            throw new InvalidOperationException($"The unknown address sees {unknown.Count} pupil(s); expected none.");
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _store.DisposeAsync();

    /// <summary>A guardian with two children in two schools signs in: normalize, index look-up, R2 per record, sort.</summary>
    [Benchmark]
    public Task<IReadOnlyList<VisiblePupil>> ResolveGuardian() =>
        _resolver.ResolveAsync(SchoolData.Symbol, SchoolData.PlantedGuardianEmail);

    /// <summary>An address no record mentions: normalize and one index miss.</summary>
    [Benchmark]
    public Task<IReadOnlyList<VisiblePupil>> ResolveUnknownAddress() =>
        _resolver.ResolveAsync(SchoolData.Symbol, SchoolData.UnknownEmail);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new GrowthColumn(nameof(RecordCount)));
            AddColumn(new HandWrittenColumn());
            AddFilter(new SimpleFilter(c =>
                BenchmarkStores.Seeds((StoreKind)c.Parameters[nameof(Store)], (int)c.Parameters[nameof(RecordCount)])));
        }
    }
}
