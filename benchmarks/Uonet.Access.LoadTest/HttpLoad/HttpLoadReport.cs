using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>The HTTP load's measurements as markdown: summary, the issue's targets, and every closed-loop step.</summary>
internal sealed class HttpLoadReport(DateTimeOffset started, HttpLoadOptions options, string commandLine, IReadOnlyList<string> targets)
{
    public const string Bare = "bare endpoint";
    private const double ThroughputTarget = 0.5;
    private const double LatencyTargetMilliseconds = 20;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly double _loadBefore = Machine.LoadAverage();
    private readonly List<Measured> _kinds = [];

    /// <summary>Answers other than 200 in every step, warm-up excepted.</summary>
    public int Errors => _kinds.Sum(k => k.All.Sum(s => s.Errors));

    public void Add(LoadKind kind, int bodyBytes, IReadOnlyList<StepResult> steps, IReadOnlyList<(double Share, StepResult Step)> fixedRate, IReadOnlyDictionary<string, long> peakWorkingSet) =>
        _kinds.Add(new Measured(kind, bodyBytes, steps, fixedRate, peakWorkingSet));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var loads = _kinds.SelectMany(k => k.All).Select(s => s.LoadAverage).ToList();
        var phones = options.Accounts.Count * options.PhonesPerAccount;
        text.AppendLine(C, $"# HTTP load: the device API and pages against bare endpoints — {started:yyyy-MM-dd}");
        text.AppendLine();
        text.AppendLine("`benchmarks/Uonet.Access.LoadTest http` (issue 18 §2). Every server is its own process on 127.0.0.1, built in Release:");
        text.AppendLine("the sample portal (Development environment: the demo district, no captcha; the library's default settings) on SQLite");
        text.AppendLine("and on PostgreSQL (`eng/postgres.sh`'s throwaway server on loopback, `fsync=off`), and the bare endpoint, a Kestrel app");
        text.AppendLine("(`WebApplication.CreateSlimBuilder`) of this program. The load client runs in this program on the same machine.");
        text.AppendLine();
        text.AppendLine(C, $"- Machine: {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores (shared with other engineers' builds and tests), .NET {Environment.Version}.");
        text.AppendLine(C, $"- Load average (1 min) before the run {_loadBefore:F2}; at the end of the steps {loads.Min():F2}–{loads.Max():F2} (the client and the server under load count about 2 of it).");
        text.AppendLine(C, $"- Command: `{commandLine}`");
        text.AppendLine(C, $"- Device requests: `GET /gminawulkanowo/api/mobile/pupils` from {phones} phones ({options.Accounts.Count} accounts × {options.PhonesPerAccount}) paired through the portal's pages and `api/mobile/register`; every request is signed afresh (ECDSA P-256, RFC 9421) by `DeviceSigningHandler` of Uonet.Access.Client. The bare endpoint gets the same signed requests, verifies one fixed P-256 signature over a fixed message and answers the portal's own answer to the first phone.");
        text.AppendLine(C, $"- Pages: `GET /gminawulkanowo/uczen` with the session cookie of one of {options.Accounts.Count} accounts, each signed in through the sign-in page. The bare endpoint answers the portal's own page of the first account.");
        text.AppendLine(C, $"- Closed loop: steps of {string.Join(", ", options.Steps)} loops, {options.StepDuration.TotalSeconds:F0} s each, every target in turn at each step; a target's peak is its step with the most 200 answers a second. Fixed rates: {string.Join(" and ", options.FixedRateShares.Select(r => r.ToString("P0", C)))} of each target's own peak, {options.FixedRateDuration.TotalSeconds:F0} s each, open loop (requests sent when due, whatever the answers; at most 2 connections a phone, 64 for the pages), each latency counted from when the request was due. The summary shows the first.");
        text.AppendLine();
        text.AppendLine("## Summary");
        text.AppendLine();
        text.AppendLine(C, $"| Requests | Target | Peak req/s | at loops | ÷ bare | Fixed rate, req/s | p50 ms | p90 ms | p99 ms | Errors | Peak working set |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in _kinds)
        {
            foreach (var target in targets)
            {
                var peak = kind.Peak(target);
                var rate = kind.Issue(target);
                var errors = kind.All.Where(s => s.Target == target).Sum(s => s.Errors);
                text.AppendLine(C, $"| {kind.Kind.Name} | {target} | {peak.Throughput:F0} | {peak.Concurrency} | {peak.Throughput / kind.Peak(Bare).Throughput:F2} | {rate.Throughput:F0} | {rate.Percentile(50):F1} | {rate.Percentile(90):F1} | {rate.Percentile(99):F1} | {errors} | {kind.PeakWorkingSet[target] / 1024.0 / 1024:F0} MiB |");
            }
        }

        text.AppendLine();
        text.AppendLine(C, $"Answers: {string.Join("; ", _kinds.Select(k => $"{k.Kind.Name} {k.BodyBytes:N0} bytes"))} (the bare endpoint sends the same bytes). Peak working set: `VmHWM` of the process after that kind's steps (it only grows: the page row includes the device row's peak); the PostgreSQL server's own memory is not included.");
        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| Requests | Store | Portal ÷ bare, peak throughput (≥ 0.5) | | p99 at 80 % of the portal's peak (≤ 20 ms) | |");
        text.AppendLine("|---|---|---:|---|---:|---|");
        foreach (var kind in _kinds)
        {
            foreach (var target in targets.Where(t => t != Bare))
            {
                var ratio = kind.Peak(target).Throughput / kind.Peak(Bare).Throughput;
                var rate = kind.Issue(target);
                text.AppendLine(C, $"| {kind.Kind.Name} | {target["portal, ".Length..]} | {ratio:F2} ({kind.Peak(target).Throughput:F0} / {kind.Peak(Bare).Throughput:F0}) | {Verdict(ratio >= ThroughputTarget)} | {rate.Percentile(99):F1} ms at {rate.OfferedRate:F0} req/s | {Verdict(rate.Percentile(99) <= LatencyTargetMilliseconds && rate.Errors == 0)} |");
            }
        }

        text.AppendLine();
        text.AppendLine("## Fixed rates");
        text.AppendLine();
        text.AppendLine("| Requests | Target | Share of its peak | Offered req/s | Answered req/s | p50 ms | p90 ms | p99 ms | Errors | Load average |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in _kinds)
        {
            foreach (var (share, step) in kind.FixedRate)
            {
                text.AppendLine(C, $"| {kind.Kind.Name} | {step.Target} | {share:P0} | {step.OfferedRate:F0} | {step.Throughput:F0} | {step.Percentile(50):F1} | {step.Percentile(90):F1} | {step.Percentile(99):F1} | {step.Errors} | {step.LoadAverage:F2} |");
            }
        }

        foreach (var kind in _kinds)
        {
            text.AppendLine();
            text.AppendLine(C, $"## Steps: {kind.Kind.Name}");
            text.AppendLine();
            text.AppendLine(C, $"| Loops | {string.Join(" | ", targets.Select(t => $"{t} req/s | p50 | p99"))} | Errors | Load average |");
            text.AppendLine(C, $"|---:|{string.Concat(targets.Select(_ => "---:|---:|---:|"))}---:|---:|");
            foreach (var concurrency in options.Steps)
            {
                var row = kind.Steps.Where(s => s.Concurrency == concurrency).ToList();
                var cells = targets.Select(t => row.Single(s => s.Target == t)).Select(s => $"{s.Throughput:F0} | {s.Percentile(50):F1} | {s.Percentile(99):F1}");
                text.AppendLine(C, $"| {concurrency} | {string.Join(" | ", cells)} | {row.Sum(s => s.Errors)} | {row.Max(s => s.LoadAverage):F2} |");
            }

            var failed = kind.All.Where(s => s.Errors > 0).ToList();
            if (failed.Count > 0)
            {
                text.AppendLine();
                text.AppendLine(C, $"Errors (status 0: no answer): {string.Join("; ", failed.Select(s => $"{s.Target}, {(s.Concurrency > 0 ? $"{s.Concurrency} loops" : $"{s.OfferedRate:F0} req/s")}: {s.ErrorStatuses}"))}.");
            }
        }

        return text.ToString();
    }

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private sealed record Measured(LoadKind Kind, int BodyBytes, IReadOnlyList<StepResult> Steps, IReadOnlyList<(double Share, StepResult Step)> FixedRate, IReadOnlyDictionary<string, long> PeakWorkingSet)
    {
        public IEnumerable<StepResult> All => Steps.Concat(FixedRate.Select(r => r.Step));

        public StepResult Peak(string target) => Steps.Where(s => s.Target == target).MaxBy(s => s.Throughput)!;

        /// <summary>The fixed-rate step of the issue's target: the first share (80 % of the peak).</summary>
        public StepResult Issue(string target) => FixedRate.First(r => r.Step.Target == target).Step;
    }
}
