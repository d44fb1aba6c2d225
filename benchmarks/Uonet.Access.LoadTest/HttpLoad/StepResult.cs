namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>
/// One step of load against one target: how it was driven (a fixed number of loops, or a fixed rate), what came back,
/// and how long each request took. Latencies of a fixed-rate step count from the moment the request was due, so a
/// server that falls behind shows it in the percentiles instead of slowing the client down.
/// </summary>
internal sealed class StepResult(string target, int concurrency, double offeredRate, TimeSpan elapsed, IReadOnlyList<(int Status, double Milliseconds)> samples, double loadAverage)
{
    private readonly double[] _latencies = [.. samples.Select(s => s.Milliseconds).Order()];

    public string Target { get; } = target;

    /// <summary>The number of loops of a closed-loop step; 0 for a fixed-rate step.</summary>
    public int Concurrency { get; } = concurrency;

    /// <summary>The requests a second a fixed-rate step sends; 0 for a closed-loop step.</summary>
    public double OfferedRate { get; } = offeredRate;

    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>The 1-minute load average at the end of the step.</summary>
    public double LoadAverage { get; } = loadAverage;

    public int Requests => samples.Count;

    /// <summary>Answers other than 200; status 0 is no answer (refused, reset, timed out).</summary>
    public int Errors => samples.Count(s => s.Status != 200);

    public string ErrorStatuses => string.Join(", ", samples.Where(s => s.Status != 200).GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>Answers of 200 a second.</summary>
    public double Throughput => (Requests - Errors) / Elapsed.TotalSeconds;

    public double Percentile(double percentile) =>
        _latencies.Length == 0 ? double.NaN : _latencies[Math.Clamp((int)Math.Ceiling(percentile / 100 * _latencies.Length) - 1, 0, _latencies.Length - 1)];
}
