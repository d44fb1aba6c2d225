using System.Diagnostics;
using System.Globalization;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The <c>seed</c> mode: seeds the database stores' school data ahead of a run, with progress on the console, so that a
/// benchmark's setup finds it ready instead of spending minutes inside BenchmarkDotNet without a word.
/// </summary>
internal static class SeedCommand
{
    public const string Name = "seed";

    /// <summary>
    /// <c>seed [count …]</c>: every database store available, the given sizes (default: those of the benchmarks);
    /// SQLite up to <see cref="BenchmarkStores.LargestSqlite"/> and EF Core up to <see cref="BenchmarkStores.LargestEfCore"/>,
    /// e.g. <c>seed 10000000</c> seeds PostgreSQL only.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        int[] counts = args.Length > 0
            ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))]
            : [.. GuardianResolutionBenchmarks.RecordCounts];
        foreach (var kind in BenchmarkStores.Available.Where(k => k != StoreKind.InMemory))
        {
            foreach (var count in counts.Where(c => BenchmarkStores.Seeds(kind, c)))
            {
                var started = Stopwatch.GetTimestamp();
                await using (await BenchmarkStores.SeededAsync(kind, count))
                {
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed: {kind} with {count:N0} records ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
            }
        }

        return 0;
    }
}
