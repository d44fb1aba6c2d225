using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Uonet.Access.Credentials;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The <c>burst</c> mode: a fresh child process per hasher and cap on concurrent hashes sets up the accounts, times
/// single hashes, runs one untimed warm-up burst and then the timed bursts, and reports burst times, each sign-in's
/// latency and its peak memory; the parent writes the Markdown report. A process per configuration keeps one's heap and
/// high-water mark out of the other's numbers; several rounds, alternating the configurations, let a shared machine's
/// changing load fall on every one alike.
/// </summary>
internal static class BurstCommand
{
    public const string Name = "burst";
    public const string ChildName = "burst-child";

    /// <summary>Sign-ins per burst: a school's guardians at 8:00, or the first school day's activations.</summary>
    public const int DefaultSize = 200;

    /// <summary>The target: a burst's throughput within 15% of the cores' (cores ÷ one hash's time).</summary>
    public const double ThroughputTarget = 0.85;

    /// <summary>The target: the peak working set of a burst with the default cap, in MiB.</summary>
    public const int PeakTargetMib = 400;

    /// <summary>Single hashes timed before the bursts, one after another, for the expected throughput.</summary>
    private const int SingleHashes = 9;

    private const string ResultPrefix = "burst-result: ";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// <c>burst [--rounds 3] [--bursts 5] [--size 200] [--caps 2,200] [--hashers Konscious,Sodium] [--server-gc]
    /// [--output DIR]</c>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Arguments.Parse(args);
        var settings = new BurstSettings(
            options.Int("rounds", 3),
            options.Int("bursts", 5),
            options.Int("size", DefaultSize),
            options.Flag("server-gc"));
        int[] caps = [.. (options.Text("caps")?.Split(',').Select(c => int.Parse(c, Invariant)) ?? [Environment.ProcessorCount, settings.Size]).Distinct()];
        HasherKind[] hashers = [.. (options.Text("hashers")?.Split(',').Select(Enum.Parse<HasherKind>) ?? Enum.GetValues<HasherKind>()).Distinct()];
        var output = options.Text("output") ?? DefaultOutput();

        var runs = hashers.SelectMany(hasher => caps.Select(cap => new BurstConfiguration(hasher, cap))).ToDictionary(c => c, _ => new List<BurstRun>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var configuration in runs.Keys)
            {
                Progress($"round {round}/{settings.Rounds}, {configuration.Hasher}, cap {configuration.Cap}");
                runs[configuration].Add(await RunChildProcessAsync(configuration, settings));
            }
        }

        Directory.CreateDirectory(output);
        var path = Path.Combine(output, $"{DateTime.Now:yyyy-MM-dd}-sign-in-burst{(settings.ServerGc ? "-server-gc" : string.Empty)}.md");
        await File.WriteAllTextAsync(path, Report(runs, settings));
        Console.WriteLine($"report: {path}");
        return 0;
    }

    /// <summary><c>burst-child --hasher X --cap N --bursts N --size N</c>: measures one configuration and prints the result as JSON.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var options = Arguments.Parse(args);
        var hasher = Enum.Parse<HasherKind>(options.Text("hasher") ?? nameof(HasherKind.Konscious));
        var cap = options.Int("cap", Environment.ProcessorCount);
        var bursts = options.Int("bursts", 5);
        var size = options.Int("size", DefaultSize);

        var loadBefore = LoadAverage();
        Progress($"  setting up {size} accounts");
        await using var world = await SignInWorld.CreateAsync(size, hasherKind: hasher, hashing: hashing => hashing.MaxConcurrentHashes = cap);
        var stored = await world.StoredHashAsync(world.Emails[0]);
        var singleHash = await SingleHashMillisecondsAsync(world, stored);
        var allCores = await HashesPerSecondOnEveryCoreAsync(world, stored);
        Progress($"  one hash {singleHash:0.0} ms; every core hashing: {allCores:0.0} hashes/s");
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
            singleHash,
            allCores,
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

    /// <summary>The median time of one verification, alone: what a core can do, for the burst's expected throughput.</summary>
    private static async Task<double> SingleHashMillisecondsAsync(SignInWorld world, string stored)
    {
        var times = new List<double>();
        for (var i = 0; i < SingleHashes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await VerifyAsync(world, stored);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Median([.. times.Order()]);
    }

    /// <summary>
    /// Hashes per second with one verification loop per core, hashes only: what the cores deliver together, which can
    /// be less than cores ÷ one hash when they share caches and memory bandwidth (Argon2id is memory-hard).
    /// </summary>
    private static async Task<double> HashesPerSecondOnEveryCoreAsync(SignInWorld world, string stored)
    {
        var cores = Environment.ProcessorCount;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, cores).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < SingleHashes; i++)
            {
                await VerifyAsync(world, stored);
            }
        })));
        return cores * SingleHashes / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task VerifyAsync(SignInWorld world, string stored)
    {
        if (await world.Hasher.VerifyAsync(SignInWorld.Password, stored, CancellationToken.None) != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("The stored hash does not verify.");
        }
    }

    private static async Task<BurstRun> RunChildProcessAsync(BurstConfiguration configuration, BurstSettings settings)
    {
        var (hasher, cap) = configuration;
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BurstCommand).Assembly.Location);
        }

        foreach (var argument in new[] { ChildName, "--hasher", hasher.ToString(), "--cap", Str(cap), "--bursts", Str(settings.Bursts), "--size", Str(settings.Size) })
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
            throw new InvalidOperationException($"The burst child for {hasher}, cap {cap} failed (exit code {child.ExitCode}):{Environment.NewLine}{output}");
        }

        return JsonSerializer.Deserialize<BurstRun>(line[ResultPrefix.Length..])
            ?? throw new InvalidOperationException($"The burst child for {hasher}, cap {cap} printed no result.");
    }

    private static string Report(Dictionary<BurstConfiguration, List<BurstRun>> runs, BurstSettings settings)
    {
        var hashing = new PasswordHashingOptions();
        var cores = Environment.ProcessorCount;
        var all = runs.Values.SelectMany(r => r).ToList();
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"# Sign-in burst — {DateTime.Now:yyyy-MM-dd}");
        text.AppendLine();
        text.AppendLine(Invariant, $"Produced by `benchmarks/run.sh burst` (`dotnet run -c Release --project benchmarks/Uonet.Access.Benchmarks -- burst --rounds {settings.Rounds} --bursts {settings.Bursts} --size {settings.Size}{(settings.ServerGc ? " --server-gc" : string.Empty)}`): {settings.Rounds} round(s); in each, for each hasher and cap in turn, a fresh process sets up {settings.Size} guardian accounts, times {SingleHashes} single verifications one after another, runs one untimed warm-up burst and then {settings.Bursts} timed bursts of {settings.Size} simultaneous sign-ins (distinct accounts; every one must succeed, or the run fails).");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Machine: {RuntimeInformation.OSDescription}, {CpuModel()}, **{cores} logical cores**, {Gib(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} memory available to .NET");
        text.AppendLine(Invariant, $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(all.All(r => r.ServerGc) ? "server" : "workstation")} GC");
        text.AppendLine(Invariant, $"- Argon2id: m={hashing.MemoryKiB} KiB, t={hashing.Iterations}, p={hashing.Parallelism} (the defaults, OWASP); in-memory store; the default cap is the core count, {cores}");
        text.AppendLine(Invariant, $"- Targets (issue 8): every sign-in succeeds; throughput at least {ThroughputTarget:0.00} × cores ÷ one hash's time; peak working set at most {PeakTargetMib} MiB with the default cap");
        text.AppendLine();
        text.AppendLine("| Hasher | MaxConcurrentHashes | One hash (median) | Expected sign-ins/s (cores ÷ one hash) | Hashes/s, every core hashing | Median burst | Sign-ins/s | Sign-ins/s ÷ expected | Sign-ins/s ÷ every core hashing | p50 latency | p99 latency | Peak working set (max over rounds) | Load (1 min) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (configuration, rounds) in runs)
        {
            var times = rounds.SelectMany(r => r.BurstSeconds).Order().ToList();
            var latencies = rounds.SelectMany(r => r.LatenciesMs).Order().ToList();
            var median = Median(times);
            var singleHash = Median([.. rounds.Select(r => r.SingleHashMs).Order()]);
            var expected = cores * 1000 / singleHash;
            var allCores = Median([.. rounds.Select(r => r.AllCoresHashesPerSecond).Order()]);
            var throughput = settings.Size / median;
            var peak = Mib(rounds.Max(r => r.PeakWorkingSet));
            var loads = rounds.SelectMany(r => new[] { r.LoadBefore, r.LoadAfter }).OfType<double>().ToList();
            var capLabel = configuration.Cap == cores ? $"{configuration.Cap} (default)" : configuration.Cap >= settings.Size ? $"{configuration.Cap} (no cap)" : Str(configuration.Cap);
            text.AppendLine(Invariant, $"| {configuration.Hasher} | {capLabel} | {singleHash:0.0} ms | {expected:0.0} | {allCores:0.0} | {median:0.00} s | {throughput:0.0} | **{throughput / expected:0.00}** | {throughput / allCores:0.00} | {Seconds(Percentile(latencies, 50))} | {Seconds(Percentile(latencies, 99))} | **{peak}** | {(loads.Count == 0 ? "?" : $"{loads.Min():0.0}–{loads.Max():0.0}")} |");
        }

        text.AppendLine();
        text.AppendLine("Memory and collections:");
        text.AppendLine();
        text.AppendLine("| Hasher | MaxConcurrentHashes | Fastest–slowest burst | Slowest sign-in | Working set before the bursts → peak during them, per round | Peak managed heap (sampled), per round | Allocated per burst | GCs per burst (gen0/1/2) | Pool threads (max) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (configuration, rounds) in runs)
        {
            var times = rounds.SelectMany(r => r.BurstSeconds).Order().ToList();
            var slowest = rounds.SelectMany(r => r.LatenciesMs).Max();
            text.AppendLine(Invariant, $"| {configuration.Hasher} | {configuration.Cap} | {times[0]:0.00}–{times[^1]:0.00} s | {Seconds(slowest)} | {PerRound(rounds, r => $"{Number(r.StartWorkingSet)} → {Number(r.PeakWorkingSet)}")} | {PerRound(rounds, r => Number(r.PeakManagedHeap))} | {Mib((long)rounds.Average(r => r.AllocatedPerBurst))} | {rounds.Average(r => r.Gen0PerBurst):0.#}/{rounds.Average(r => r.Gen1PerBurst):0.#}/{rounds.Average(r => r.Gen2PerBurst):0.#} | {rounds.Max(r => r.MaxPoolThreads)} |");
        }

        text.AppendLine();
        text.AppendLine(Invariant, $"- **One hash**: the median of the {SingleHashes} verifications timed alone in each process, then the median over the rounds; **expected sign-ins/s** is the cores' capacity, {cores} × 1000 ms ÷ one hash. Sign-ins/s ÷ expected is the share of that capacity a burst reaches (the target is {ThroughputTarget:0.00}); above 1.00 the cores did better under load than alone (turbo, warm caches), below it the rest of the sign-in, the collector and other processes took the difference. **Hashes/s, every core hashing**: one loop of {SingleHashes} verifications per core, all at once, hashes only: what the cores deliver together, which is less than cores ÷ one hash when they share caches and memory bandwidth (Argon2id is memory-hard, and two virtual cores may be one physical core); a burst cannot beat it, and Sign-ins/s ÷ it is the share of it the sign-ins reach.");
        text.AppendLine(Invariant, $"- **Median burst**, **Sign-ins/s**: the median of the {settings.Rounds} × {settings.Bursts} timed bursts of a configuration, and the burst size over it.");
        text.AppendLine(Invariant, $"- **Latency**: for each sign-in, the time from the start of its burst (all start together) to its answer; nearest-rank percentiles over the {settings.Rounds} × {settings.Bursts} × {settings.Size} timed sign-ins of a configuration.");
        text.AppendLine(Invariant, $"- **Working set before the bursts → peak during them**: after the setup, one aggressive, compacting full collection (the only forced one) clears the setup's dead hash arrays and the kernel's high-water mark of resident memory is reset (`5` written to `/proc/self/clear_refs`); the first number is the working set then (runtime, JIT, store, accounts). The second is `Process.PeakWorkingSet64` (Linux: `VmHWM`, kept by the kernel, so nothing is missed between samples) after the last burst: the peak over the warm-up and timed bursts, native memory (libsodium's) included. The setup's own peak was at most {Mib(all.Max(x => x.SetupPeakWorkingSet))}.");
        if (all.Any(r => !r.PeakWorkingSetOfBurstsOnly))
        {
            text.AppendLine("  **The reset was not possible on this system: the peaks above include the setup's.**");
        }

        text.AppendLine(Invariant, $"- **Peak managed heap**: the largest `GC.GetTotalMemory(false)` (live objects and not yet collected garbage) seen by a dedicated thread polling every 5 ms through the warm-up and timed bursts; a spike shorter than the interval can be missed, so it is a lower bound. libsodium's memory is native and never shows here.");
        text.AppendLine("- **Allocated per burst** and **GCs per burst**: `GC.GetTotalAllocatedBytes(true)` and `GC.CollectionCount` over the timed bursts, per burst, averaged over the rounds.");
        text.AppendLine("- **Pool threads (max)**: the most thread-pool threads the sampler saw. Konscious runs every segment of a hash as a thread-pool work item; how many hashes are in flight without a cap is up to the pool's scheduling.");
        text.AppendLine(Invariant, $"- **Load**: the lowest and highest 1-minute load average seen before a child's setup and after its last burst; above {cores}, other processes were competing for the cores.");
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

    private sealed record BurstConfiguration(HasherKind Hasher, int Cap);

    /// <summary>What a child process measured for one configuration; sizes in bytes, times in seconds, latencies and the single hash in milliseconds.</summary>
    internal sealed record BurstRun(
        double SingleHashMs,
        double AllCoresHashesPerSecond,
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
