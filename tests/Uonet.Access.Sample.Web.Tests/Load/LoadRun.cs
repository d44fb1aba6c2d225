using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Uonet.Access.Sample.Web.Tests.Load;

/// <summary>How hard and how long to press the portal.</summary>
public sealed record LoadOptions
{
    /// <summary>How long the mixed load runs (after the accounts and phones are set up).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many requests are in flight at most (one loop each).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The share of operations that are sign-ins; the rest are signed device requests.</summary>
    public double SignInShare { get; init; } = 0.1;

    /// <summary>The demo addresses that get a password and a paired phone (eligible under R1/R2 in the demo district).</summary>
    public IReadOnlyList<string> Accounts { get; init; } = ["anna.nowak@example.pl", "ola.nowak@uczen.example.pl", "marek.kowalski@example.pl"];

    public string Password { get; init; } = "zielony rower jedzie szybko";
}

/// <summary>
/// A load client for the portal process, loopback only, bounded in concurrency and time: the demo accounts do their
/// first login and pair a phone, then loops mix signed device requests (RFC 9421, R7/R8) with sign-ins (R3).
/// </summary>
public static class LoadRun
{
    public const string SignIn = "sign-in (POST)";
    public const string SignInPage = "sign-in page (GET)";
    public const string Pupils = "device: pupils (signed GET)";
    public const string Pupil = "device: one pupil (signed GET)";

    public static async Task<LoadReport> RunAsync(PortalProcess portal, LoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.IsLoopback(IPAddress.Parse(portal.Root.Host)))
        {
            throw new InvalidOperationException("The load test runs against loopback addresses only.");
        }

        var phones = new List<PairedPhone>();
        foreach (var account in options.Accounts)
        {
            using var visitor = new PortalVisitor(portal.Root);
            await visitor.FirstLoginAsync(account, options.Password, cancellationToken);
            phones.Add(await visitor.PairPhoneAsync("Telefon obciążeniowy", cancellationToken));
        }

        var samples = new ConcurrentBag<(string Kind, int Status, double Milliseconds)>();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = options.Concurrency })
        {
            BaseAddress = portal.Root,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, options.Concurrency).Select(loop => Task.Run(async () =>
        {
            var random = new Random(loop);
            var operation = 0;
            while (clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested)
            {
                operation++;
                if (random.NextDouble() < options.SignInShare)
                {
                    await SignInAsync(http, options.Accounts[operation % options.Accounts.Count], options.Password, samples, cancellationToken);
                }
                else
                {
                    var phone = phones[(loop + operation) % phones.Count];
                    var target = operation % 2 == 0 || phone.Pupils.Count == 0
                        ? new Uri(portal.Root, $"{PortalVisitor.Symbol}/api/mobile/pupils")
                        : new Uri(portal.Root, $"{PortalVisitor.Symbol}/api/mobile/pupils/{phone.Pupils[operation % phone.Pupils.Count]}");
                    using var request = phone.Signed(target);
                    await TimeAsync(http, request, target.AbsolutePath.EndsWith("/pupils", StringComparison.Ordinal) ? Pupils : Pupil, samples, cancellationToken);
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        var elapsed = clock.Elapsed;
        foreach (var phone in phones)
        {
            phone.Dispose();
        }

        return new LoadReport(options, elapsed, [.. samples], portal.PeakWorkingSetBytes);
    }

    private static async Task SignInAsync(HttpClient http, string email, string password, ConcurrentBag<(string, int, double)> samples, CancellationToken cancellationToken)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri($"/{PortalVisitor.Symbol}", UriKind.Relative));
        var (status, html, cookies) = await TimeAsync(http, page, SignInPage, samples, cancellationToken);
        if (status != (int)HttpStatusCode.OK)
        {
            return;
        }

        // The anti-forgery pair: the cookie of the page and the token in its form.
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{PortalVisitor.Symbol}", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = password,
                ["__RequestVerificationToken"] = PortalVisitor.AntiforgeryToken(html),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        await TimeAsync(http, post, SignIn, samples, cancellationToken);
    }

    private static async Task<(int Status, string Body, IReadOnlyList<string> Cookies)> TimeAsync(HttpClient http, HttpRequestMessage request, string kind, ConcurrentBag<(string, int, double)> samples, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            samples.Add((kind, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            return ((int)response.StatusCode, body, response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : []);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Status 0: no answer at all (refused connection, reset, timeout) — always an error.
            samples.Add((kind, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            return (0, string.Empty, []);
        }
    }
}

/// <summary>What a load run measured: per kind of request its count, rate, latency percentiles and statuses.</summary>
public sealed class LoadReport(LoadOptions options, TimeSpan elapsed, IReadOnlyList<(string Kind, int Status, double Milliseconds)> samples, long peakWorkingSetBytes)
{
    public LoadOptions Options { get; } = options;

    public TimeSpan Elapsed { get; } = elapsed;

    public long PeakWorkingSetBytes { get; } = peakWorkingSetBytes;

    public int Requests => samples.Count;

    public double RequestsPerSecond => samples.Count / Elapsed.TotalSeconds;

    /// <summary>Answers that are neither the intended outcome (2xx, the sign-in's redirect) nor an intended 429; status 0 is no answer.</summary>
    public IReadOnlyDictionary<string, int> Errors => samples
        .Where(s => !(s.Status is >= 200 and < 300 || s.Status == 429 || (s.Kind == LoadRun.SignIn && s.Status == 302)))
        .GroupBy(s => $"{s.Kind} → {s.Status}")
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int Count(string kind, int status) => samples.Count(s => s.Kind == kind && s.Status == status);

    public double Percentile(string kind, double percentile)
    {
        var sorted = samples.Where(s => s.Kind == kind).Select(s => s.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string ToMarkdown(DateTimeOffset when, string machine)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Load test of the sample portal — {when:yyyy-MM-dd}");
        text.AppendLine();
        text.AppendLine("`benchmarks/Uonet.Access.LoadTest`: the portal as its own process (Development, SQLite, default library settings incl. Argon2id 19 MiB × 2), one loopback client address.");
        text.AppendLine(c, $"Machine: {machine}. Duration {Elapsed.TotalSeconds:F1} s, concurrency {Options.Concurrency}, sign-in share {Options.SignInShare:P0}, {Options.Accounts.Count} accounts with one paired phone each.");
        text.AppendLine();
        text.AppendLine(c, $"Total: **{Requests}** requests, **{RequestsPerSecond:F1} req/s**; peak working set of the portal (VmHWM): **{PeakWorkingSetBytes / 1024.0 / 1024:F0} MiB**; errors (not 2xx/302, not 429): **{Errors.Values.Sum()}**.");
        text.AppendLine();
        text.AppendLine("| Kind | Requests | req/s | p50 ms | p99 ms | Statuses |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var kind in samples.Select(s => s.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            var ofKind = samples.Where(s => s.Kind == kind).ToList();
            var statuses = string.Join(", ", ofKind.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
            text.AppendLine(c, $"| {kind} | {ofKind.Count} | {ofKind.Count / Elapsed.TotalSeconds:F1} | {Percentile(kind, 50):F1} | {Percentile(kind, 99):F1} | {statuses} |");
        }

        text.AppendLine();
        text.AppendLine("Every sign-in uses the right password. A 429 would still count as intended, not as an error: the library throttles a client");
        text.AppendLine("address after 50 failed sign-ins in 15 minutes, and all the load comes from one loopback address.");
        return text.ToString();
    }
}
