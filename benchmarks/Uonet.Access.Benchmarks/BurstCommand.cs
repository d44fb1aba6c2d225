using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Uonet.Access.Credentials;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The <c>burst</c> mode: for each cap on concurrent hashes, a fresh child process sets up the accounts, runs one
/// untimed warm-up burst and then the timed bursts, and reports burst times, each sign-in's latency and the process's
/// peak memory; the parent writes the Markdown report. A process per cap keeps one cap's heap and high-water mark
/// out of the other's numbers.
/// </summary>
internal static class BurstCommand
{
    public const string Name = "burst";
    public const string ChildName = "burst-child";

    private const string ResultPrefix = "burst-result: ";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>burst [--bursts 5] [--size 100] [--caps 2,100] [--server-gc] [--output DIR]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Arguments.Parse(args);
        var bursts = options.Int("bursts", 5);
        var size = options.Int("size", SignInBurstBenchmarks.BurstSize);
        var serverGc = options.Flag("server-gc");
        var caps = options.Text("caps")?.Split(',').Select(c => int.Parse(c, Invariant)).ToArray()
            ?? [Environment.ProcessorCount, size];
        var output = options.Text("output") ?? DefaultOutput();

        var runs = new List<BurstRun>();
        foreach (var cap in caps)
        {
            runs.Add(await RunChildProcessAsync(cap, bursts, size, serverGc));
        }

        Directory.CreateDirectory(output);
        var path = Path.Combine(output, $"{DateTime.Now:yyyy-MM-dd}-sign-in-burst{(serverGc ? "-server-gc" : string.Empty)}.md");
        await File.WriteAllTextAsync(path, Report(runs, bursts, size, serverGc));
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
        Progress($"cap {cap}: setting up {size} accounts");
        await using var world = await SignInWorld.CreateAsync(size, hashing => hashing.MaxConcurrentHashes = cap);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var setupPeak = process.PeakWorkingSet64;

        var sampler = HeapSampler.Start();
        var warmUp = await SignInBurst.RunAsync(world);
        Progress($"cap {cap}: warm-up burst {warmUp.Max().TotalSeconds:0.00} s");

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
            Progress($"cap {cap}: burst {i}/{bursts} {elapsed.TotalSeconds:0.00} s");
        }

        var allocatedPerBurst = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / bursts;
        var peakHeap = sampler.Stop();
        process.Refresh();
        latencies.Sort();
        var run = new BurstRun(
            cap,
            times,
            Percentile(latencies, 50),
            Percentile(latencies, 99),
            latencies[^1],
            setupPeak,
            process.PeakWorkingSet64,
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

    private static async Task<BurstRun> RunChildProcessAsync(int cap, int bursts, int size, bool serverGc)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BurstCommand).Assembly.Location);
        }

        foreach (var argument in new[] { ChildName, "--cap", Str(cap), "--bursts", Str(bursts), "--size", Str(size) })
        {
            start.ArgumentList.Add(argument);
        }

        // Set (not only left unset) so that a DOTNET_gcServer in the caller's environment cannot change the mode measured.
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
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

    private static string Report(List<BurstRun> runs, int bursts, int size, bool serverGc)
    {
        var hashing = new PasswordHashingOptions();
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"# Sign-in burst — {DateTime.Now:yyyy-MM-dd}");
        text.AppendLine();
        text.AppendLine(Invariant, $"Produced by `dotnet run -c Release --project benchmarks/Uonet.Access.Benchmarks -- burst{(serverGc ? " --server-gc" : string.Empty)}`: per cap, a fresh process sets up {size} guardian accounts, runs one untimed warm-up burst and then {bursts} timed bursts of {size} simultaneous sign-ins (distinct accounts, all must succeed).");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Machine: {RuntimeInformation.OSDescription}, {CpuModel()}, **{Environment.ProcessorCount} logical cores**, {Gib(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} memory available to .NET");
        text.AppendLine(Invariant, $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(runs.All(r => r.ServerGc) ? "server" : "workstation")} GC");
        text.AppendLine(Invariant, $"- Argon2id: m={hashing.MemoryKiB} KiB, t={hashing.Iterations}, p={hashing.Parallelism} (the defaults, OWASP); in-memory store");
        text.AppendLine();
        text.AppendLine("| MaxConcurrentHashes | Median burst | Fastest–slowest burst | Sign-ins/s | p50 latency | p99 latency | Slowest sign-in | Peak working set | Peak managed heap (sampled) | Allocated per burst | GCs per burst (gen0/1/2) | Pool threads (max) | Load (1 min) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var median = Median(run.BurstSeconds);
            text.AppendLine(Invariant, $"| {run.Cap} | {median:0.00} s | {run.BurstSeconds.Min():0.00}–{run.BurstSeconds.Max():0.00} s | {size / median:0.0} | {Seconds(run.P50Ms)} | {Seconds(run.P99Ms)} | {Seconds(run.MaxMs)} | {Mib(run.PeakWorkingSet)} | {Mib(run.PeakManagedHeap)} | {Mib(run.AllocatedPerBurst)} | {run.Gen0PerBurst:0.#}/{run.Gen1PerBurst:0.#}/{run.Gen2PerBurst:0.#} | {run.MaxPoolThreads} | {Load(run.LoadBefore)} → {Load(run.LoadAfter)} |");
        }

        text.AppendLine();
        text.AppendLine("- **Sign-ins/s**: burst size over the median burst time.");
        text.AppendLine(Invariant, $"- **Latency**: for each sign-in, the time from the start of its burst (all start together) to its answer; nearest-rank percentiles over the {bursts} × {size} timed sign-ins.");
        text.AppendLine("- **Peak working set**: `Process.PeakWorkingSet64` (Linux: `VmHWM`, the kernel's high-water mark of resident memory) at the end of the child process; it includes the runtime, the JIT and the setup, whose peak alone was:");
        foreach (var run in runs)
        {
            text.AppendLine(Invariant, $"  cap {run.Cap}: {Mib(run.SetupPeakWorkingSet)} before the first burst.");
        }

        text.AppendLine("- **Peak managed heap**: the largest `GC.GetTotalMemory(false)` (live objects and not yet collected garbage) seen by a dedicated thread polling every 5 ms through the warm-up and timed bursts; a spike shorter than the interval can be missed, so it is a lower bound.");
        text.AppendLine(Invariant, $"  Samples taken: {string.Join(", ", runs.Select(r => $"cap {r.Cap}: {r.HeapSamples}"))}.");
        text.AppendLine("- **Pool threads (max)**: the most thread-pool threads the sampler saw. Konscious runs every segment of a hash as a thread-pool work item, so without a cap the pool's queue never empties and the pool may add threads, each a further claim on the cores.");
        text.AppendLine(Invariant, $"- **Load**: the 1-minute load average before the child's setup and after its last burst; above {Environment.ProcessorCount} other processes were competing for the cores.");
        text.AppendLine("- **Allocated per burst** and **GCs per burst**: `GC.GetTotalAllocatedBytes(true)` and `GC.CollectionCount` over the timed bursts, divided by their number.");
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

    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The 1-minute load average (Linux), to show how busy a shared machine was.</summary>
    private static double? LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? double.Parse(File.ReadAllText(loadAverage).Split(' ')[0], Invariant) : null;
    }

    private static string Load(double? load) => load?.ToString("0.0", Invariant) ?? "?";

    private static string Str(int value) => value.ToString(Invariant);

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.00", Invariant) + " s";

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("#,0", Invariant) + " MiB";

    private static string Gib(long bytes) => (bytes / (1024.0 * 1024.0 * 1024.0)).ToString("0.0", Invariant) + " GiB";

    private static void Progress(string message) => Console.Error.WriteLine(message);

    /// <summary>What a child process measured for one cap; sizes in bytes, latencies in milliseconds.</summary>
    internal sealed record BurstRun(
        int Cap,
        IReadOnlyList<double> BurstSeconds,
        double P50Ms,
        double P99Ms,
        double MaxMs,
        long SetupPeakWorkingSet,
        long PeakWorkingSet,
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
