using System.Globalization;
using Uonet.Access.Sample.Web.Tests.Load;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>The settings of the HTTP load: steps, durations, phones, and the PostgreSQL server (none: SQLite only).</summary>
internal sealed record HttpLoadOptions
{
    /// <summary>The numbers of loops of the closed-loop steps that find each target's peak.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [1, 2, 4, 8, 16, 32];

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The fixed rates as shares of each target's peak, one open-loop step each. The first is the (latency at
    /// 80 % of the peak); a lower one shows whether a miss is a queue (the rate beyond what the machine sustains) or
    /// the time of one request.
    /// </summary>
    public IReadOnlyList<double> FixedRateShares { get; init; } = [0.8, 0.5];

    public TimeSpan FixedRateDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Unmeasured load before the steps of each kind: the servers' JIT and pools, the client's connections.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public int PhonesPerAccount { get; init; } = 8;

    /// <summary>An Npgsql connection string of a server where the run may create (and then drops) a database of its own.</summary>
    public string? Postgres { get; init; }

    public IReadOnlyList<string> Accounts { get; init; } = new LoadOptions().Accounts;

    public string Password { get; init; } = new LoadOptions().Password;

    /// <summary>
    /// Reads <c>--steps 1,2,4</c>, <c>--step-seconds</c>, <c>--rate-shares 0.8,0.5</c>, <c>--rate-seconds</c>, <c>--phones-per-account</c> and
    /// <c>--postgres</c> (else the variable <c>UONET_ACCESS_POSTGRES</c>).
    /// </summary>
    public static HttpLoadOptions From(IReadOnlyDictionary<string, string> settings)
    {
        var defaults = new HttpLoadOptions();
        int Number(string name, int fallback) => settings.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return defaults with
        {
            Steps = settings.TryGetValue("steps", out var steps) ? [.. steps.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : defaults.Steps,
            FixedRateShares = settings.TryGetValue("rate-shares", out var shares) ? [.. shares.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))] : defaults.FixedRateShares,
            StepDuration = TimeSpan.FromSeconds(Number("step-seconds", (int)defaults.StepDuration.TotalSeconds)),
            FixedRateDuration = TimeSpan.FromSeconds(Number("rate-seconds", (int)defaults.FixedRateDuration.TotalSeconds)),
            PhonesPerAccount = Number("phones-per-account", defaults.PhonesPerAccount),
            Postgres = settings.TryGetValue("postgres", out var postgres) ? postgres
                : Environment.GetEnvironmentVariable("UONET_ACCESS_POSTGRES") is { Length: > 0 } variable ? variable : null,
        };
    }
}
