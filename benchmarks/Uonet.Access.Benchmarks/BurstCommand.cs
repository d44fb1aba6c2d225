using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Uonet.Access.Credentials;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The <c>burst</c> mode: a fresh child process per cap on concurrent hashes sets up the accounts, runs one untimed
/// warm-up burst and then the timed bursts, and reports burst times, each sign-in's latency and its peak memory; the
/// parent writes the Markdown report. A process per cap keeps one cap's heap and high-water mark out of the other's
/// numbers; several rounds, alternating the caps, let a shared machine's changing load fall on every cap alike.
/// </summary>
internal static class BurstCommand
{
    public const string Name = "burst";
    public const string ChildName = "burst-child";

    private const string ResultPrefix = "burst-result: ";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>burst [--rounds 3] [--bursts 5] [--size 100] [--caps 2,100] [--server-gc] [--output DIR]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Arguments.Parse(args);
        var settings = new BurstSettings(
            options.Int("rounds", 3),
            options.Int("bursts", 5),
            options.Int("size", SignInBurstBenchmarks.BurstSize),
            options.Flag("server-gc"));
        int[] caps = [.. (options.Text("caps")?.Split(',').Select(c => int.Parse(c, Invariant)) ?? [Environment.ProcessorCount, settings.Size]).Distinct()];
        var output = options.Text("output") ?? DefaultOutput();

        var runs = caps.ToDictionary(cap => cap, _ => new List<BurstRun>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var cap in caps)
            {
                Progress($"round {round}/{settings.Rounds}, cap {cap}");
                runs[cap].Add(await RunChildProcessAsync(cap, settings));
            }
        }

        Directory.CreateDirectory(output);
        var path = Path.Combine(output, $"{DateTime.Now:yyyy-MM-dd}-sign-in-burst{(settings.ServerGc ? "-server-gc" : string.Empty)}.md");
        await File.WriteAllTextAsync(path, Report(runs, settings));
        Console.WriteLine($"report: {path}");
        return 0;
    }

    /// <summary><c>burst-child --cap N --bursts N --size N</c>: measures one cap and prints the result as JSON.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var options = Arguments.Parse(args);
        var cap = options.Int("cap", Environment.ProcessorCount);
        var bursts = options.Int("bursts", 5);
        var size = options.Int("size", SignInBurstBenchmarks.BurstSize);

        var loadBefore = LoadAverage();
        Progress($"  setting up {size} accounts");
        await using var world = await SignInWorld.CreateAsync(size, hashing => hashing.MaxConcurrentHashes = cap);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var setupPeak = process.PeakWorkingSet64;

        // The setup's hashes leave dead 19 MiB arrays that the collector has not yet needed to reclaim; without this
        // one collection the bursts' peak would start from the setup's leftovers, which differ from run to run.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var peakReset = ResetPeakWorkingSet();
        process.Refresh();
        var startWorkingSet = process.WorkingSet64;

        var sampler = HeapSampler.Start();
        var warmUp = await SignInBurst.RunAsync(world);
        Progress($"  warm-up burst {warmUp.Max().TotalSeconds:0.00} s");

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var times = new List<double>();
        var latencies = new List<double>();
        for (var i = 1; i <= bursts; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var answered = await SignInBurst.RunAsync(world);
            var elapsed = Stopwatch.GetElapsedTime(started);
            times.Add(elapsed.TotalSeconds);
            latencies.AddRange(answered.Select(l => l.TotalMilliseconds));
            Progress($"  burst {i}/{bursts} {elapsed.TotalSeconds:0.00} s");
        }

        var allocatedPerBurst = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / bursts;
        var peakHeap = sampler.Stop();
        process.Refresh();
        var run = new BurstRun(
            times,
            latencies,
            setupPeak,
            startWorkingSet,
            process.PeakWorkingSet64,
            peakReset,
            peakHeap,
            sampler.Samples,
            sampler.MaxPoolThreads,
            allocatedPerBurst,
            (double)(GC.CollectionCount(0) - gen0) / bursts,
            (double)(GC.CollectionCount(1) - gen1) / bursts,
            (double)(GC.CollectionCount(2) - gen2) / bursts,
            GCSettings.IsServerGC,
            loadBefore,
            LoadAverage());
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(run));
        return 0;
    }

    private static async Task<BurstRun> RunChildProcessAsync(int cap, BurstSettings settings)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BurstCommand).Assembly.Location);
        }

        foreach (var argument in new[] { ChildName, "--cap", Str(cap), "--bursts", Str(settings.Bursts), "--size", Str(settings.Size) })
        {
            start.ArgumentList.Add(argument);
        }

        // Set (not only left unset) so that a DOTNET_gcServer in the caller's environment cannot change the mode measured.
        start.Environment["DOTNET_gcServer"] = settings.ServerGc ? "1" : "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The burst child process did not start.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The burst child for cap {cap} failed (exit code {child.ExitCode}):{Environment.NewLine}{output}");
        }

        return JsonSerializer.Deserialize<BurstRun>(line[ResultPrefix.Length..])
            ?? throw new InvalidOperationException($"The burst child for cap {cap} printed no result.");
    }

    private static string Report(Dictionary<int, List<BurstRun>> runs, BurstSettings settings)
    {
        var hashing = new PasswordHashingOptions();
        var all = runs.Values.SelectMany(r => r).ToList();
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"# Sign-in burst — {DateTime.Now:yyyy-MM-dd}");
        text.AppendLine();
        text.AppendLine(Invariant, $"Produced by `benchmarks/run.sh burst` (`dotnet run -c Release --project benchmarks/Uonet.Access.Benchmarks -- burst{(settings.ServerGc ? " --server-gc" : string.Empty)}`): {settings.Rounds} rounds; in each, for each cap in turn, a fresh process sets up {settings.Size} guardian accounts, runs one untimed warm-up burst and then {settings.Bursts} timed bursts of {settings.Size} simultaneous sign-ins (distinct accounts, all must succeed).");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Machine: {RuntimeInformation.OSDescription}, {CpuModel()}, **{Environment.ProcessorCount} logical cores**, {Gib(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} memory available to .NET");
        text.AppendLine(Invariant, $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(all.All(r => r.ServerGc) ? "server" : "workstation")} GC");
        text.AppendLine(Invariant, $"- Argon2id: m={hashing.MemoryKiB} KiB, t={hashing.Iterations}, p={hashing.Parallelism} (the defaults, OWASP); in-memory store");
        text.AppendLine();
        text.AppendLine("| MaxConcurrentHashes | Median burst | Fastest–slowest burst | Sign-ins/s | p50 latency | p99 latency | Slowest sign-in | Working set before the bursts → peak during them, per round | Peak managed heap (sampled), per round | Allocated per burst | GCs per burst (gen0/1/2) | Pool threads (max) | Load (1 min) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (cap, rounds) in runs)
        {
            var times = rounds.SelectMany(r => r.BurstSeconds).Order().ToList();
            var latencies = rounds.SelectMany(r => r.LatenciesMs).Order().ToList();
            var median = Median(times);
            var loads = rounds.SelectMany(r => new[] { r.LoadBefore, r.LoadAfter }).OfType<double>().ToList();
            text.AppendLine(Invariant, $"| {cap} | {median:0.00} s | {times[0]:0.00}–{times[^1]:0.00} s | {settings.Size / median:0.0} | {Seconds(Percentile(latencies, 50))} | {Seconds(Percentile(latencies, 99))} | {Seconds(latencies[^1])} | {PerRound(rounds, r => $"{Number(r.StartWorkingSet)} → {Number(r.PeakWorkingSet)}")} | {PerRound(rounds, r => Number(r.PeakManagedHeap))} | {Mib((long)rounds.Average(r => r.AllocatedPerBurst))} | {rounds.Average(r => r.Gen0PerBurst):0.#}/{rounds.Average(r => r.Gen1PerBurst):0.#}/{rounds.Average(r => r.Gen2PerBurst):0.#} | {rounds.Max(r => r.MaxPoolThreads)} | {(loads.Count == 0 ? "?" : $"{loads.Min():0.0}–{loads.Max():0.0}")} |");
        }

        text.AppendLine();
        text.AppendLine(Invariant, $"- **Median burst**, **Sign-ins/s**: the median of the {settings.Rounds} × {settings.Bursts} timed bursts of a cap, and the burst size over it.");
        text.AppendLine(Invariant, $"- **Latency**: for each sign-in, the time from the start of its burst (all start together) to its answer; nearest-rank percentiles over the {settings.Rounds} × {settings.Bursts} × {settings.Size} timed sign-ins of a cap.");
        text.AppendLine(Invariant, $"- **Working set before the bursts → peak during them**: after the setup, one aggressive, compacting full collection (the only forced one) clears the setup's dead hash arrays and the kernel's high-water mark of resident memory is reset (`5` written to `/proc/self/clear_refs`); the first number is the working set then (runtime, JIT, store, accounts). The second is `Process.PeakWorkingSet64` (Linux: `VmHWM`, kept by the kernel, so nothing is missed between samples) after the last burst: the peak over the warm-up and timed bursts. The setup's own peak was at most {string.Join(", ", runs.Select(r => $"{Mib(r.Value.Max(x => x.SetupPeakWorkingSet))} for cap {r.Key}"))}.");
        if (all.Any(r => !r.PeakWorkingSetOfBurstsOnly))
        {
            text.AppendLine("  **The reset was not possible on this system: the peaks above include the setup's.**");
        }

        text.AppendLine(Invariant, $"- **Peak managed heap**: the largest `GC.GetTotalMemory(false)` (live objects and not yet collected garbage) seen by a dedicated thread polling every 5 ms through the warm-up and timed bursts ({string.Join(", ", runs.Select(r => $"{r.Value.Sum(x => x.HeapSamples)} samples for cap {r.Key}"))}); a spike shorter than the interval can be missed, so it is a lower bound.");
        text.AppendLine("- **Allocated per burst** and **GCs per burst**: `GC.GetTotalAllocatedBytes(true)` and `GC.CollectionCount` over the timed bursts, per burst, averaged over the rounds.");
        text.AppendLine("- **Pool threads (max)**: the most thread-pool threads the sampler saw. Konscious runs every segment of a hash as a thread-pool work item; how many hashes are in flight without a cap is up to the pool's scheduling.");
        text.AppendLine(Invariant, $"- **Load**: the lowest and highest 1-minute load average seen before a child's setup and after its last burst; above {Environment.ProcessorCount}, other processes were competing for the cores.");
        return text.ToString();
    }

    private static string DefaultOutput()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "benchmarks", "Uonet.Access.Benchmarks")))
            {
                return Path.Combine(directory.FullName, "benchmarks", "results");
            }
        }

        throw new InvalidOperationException("Run from inside the repository or pass --output DIR.");
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string PerRound(List<BurstRun> rounds, Func<BurstRun, string> mebibytes) =>
        string.Join(" / ", rounds.Select(mebibytes)) + " MiB";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>
    /// Resets the kernel's high-water mark of resident memory (Linux 4.0+: <c>echo 5 &gt; /proc/self/clear_refs</c>),
    /// so that the peak read after the bursts is theirs and not the setup's, whose hashes leave garbage arrays behind.
    /// </summary>
    private static bool ResetPeakWorkingSet()
    {
        const string clearRefs = "/proc/self/clear_refs";
        if (!File.Exists(clearRefs))
        {
            return false;
        }

        try
        {
            File.WriteAllText(clearRefs, "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The 1-minute load average (Linux), to show how busy a shared machine was.</summary>
    private static double? LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? double.Parse(File.ReadAllText(loadAverage).Split(' ')[0], Invariant) : null;
    }

    private static string Str(int value) => value.ToString(Invariant);

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.00", Invariant) + " s";

    private static string Mib(long bytes) => Number(bytes) + " MiB";

    private static string Number(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("#,0", Invariant);

    private static string Gib(long bytes) => (bytes / (1024.0 * 1024.0 * 1024.0)).ToString("0.0", Invariant) + " GiB";

    private static void Progress(string message) => Console.Error.WriteLine(message);

    private sealed record BurstSettings(int Rounds, int Bursts, int Size, bool ServerGc);

    /// <summary>What a child process measured for one cap; sizes in bytes, times in seconds, latencies in milliseconds.</summary>
    internal sealed record BurstRun(
        IReadOnlyList<double> BurstSeconds,
        IReadOnlyList<double> LatenciesMs,
        long SetupPeakWorkingSet,
        long StartWorkingSet,
        long PeakWorkingSet,
        bool PeakWorkingSetOfBurstsOnly,
        long PeakManagedHeap,
        int HeapSamples,
        int MaxPoolThreads,
        long AllocatedPerBurst,
        double Gen0PerBurst,
        double Gen1PerBurst,
        double Gen2PerBurst,
        bool ServerGc,
        double? LoadBefore,
        double? LoadAfter);

    /// <summary>
    /// Polls the managed heap's size and the thread pool's thread count on its own thread, which the pool's busy
    /// workers cannot starve.
    /// </summary>
    private sealed class HeapSampler
    {
        private readonly Thread _thread;
        private volatile bool _stopping;
        private long _peak;

        private HeapSampler()
        {
            _thread = new Thread(Poll) { IsBackground = true, Name = "heap sampler" };
        }

        public int Samples { get; private set; }

        /// <summary>The most thread-pool threads seen; valid after <see cref="Stop"/>.</summary>
        public int MaxPoolThreads { get; private set; }

        public static HeapSampler Start()
        {
            var sampler = new HeapSampler();
            sampler._thread.Start();
            return sampler;
        }

        /// <summary>Stops polling and returns the largest size seen.</summary>
        public long Stop()
        {
            _stopping = true;
            _thread.Join();
            return _peak;
        }

        private void Poll()
        {
            while (!_stopping)
            {
                _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
                MaxPoolThreads = Math.Max(MaxPoolThreads, ThreadPool.ThreadCount);
                Samples++;
                Thread.Sleep(5);
            }
        }
    }

    /// <summary><c>--name value</c> pairs and <c>--flag</c> switches.</summary>
    private sealed class Arguments
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Arguments Parse(string[] args)
        {
            var parsed = new Arguments();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument '{args[i]}'.", nameof(args));
                }

                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                parsed._values[args[i][2..]] = hasValue ? args[++i] : null;
            }

            return parsed;
        }

        public string? Text(string name) => _values.GetValueOrDefault(name);

        public int Int(string name, int fallback) => Text(name) is { } value ? int.Parse(value, Invariant) : fallback;

        public bool Flag(string name) => _values.ContainsKey(name);
    }
}
