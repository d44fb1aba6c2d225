using System.Globalization;
using System.Net;
using Npgsql;
using Uonet.Access.Client;
using Uonet.Access.Sample.Web.Tests.Load;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>
/// Issue 18 §2: the portal's device API and pages over HTTP beside bare endpoints, in one run. Starts the portal on
/// SQLite (and on PostgreSQL when a server is given), pairs phones and signs in through its pages, starts the bare
/// endpoint with the portal's own answers as its fixed answers, then for each kind of request: closed-loop steps of
/// rising concurrency against every target in turn (the peak), and fixed rates at shares of each target's peak (the
/// latency). Writes benchmarks/results/&lt;date&gt;-http-load.md.
/// </summary>
internal static class HttpLoadCommand
{
    public const string Command = "http";

    // A phone keeps a connection or two, as an app's HttpClient does; the browsers of the pages, a few dozen in all. An
    // open loop that falls behind queues its requests in the client (their latency still counts from when they were
    // due) instead of opening a connection for each, which would measure the server's accept storm, not its answers.
    private const int PhoneConnections = 2;
    private const int PageConnections = 64;

    private static readonly LoadKind[] Kinds =
    [
        new("device: pupils (signed GET)", $"{PortalVisitor.Symbol}/api/mobile/pupils", Signed: true),
        new("page: pupils (GET with a session)", $"{PortalVisitor.Symbol}/uczen", Signed: false),
    ];

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> settings, string output, string commandLine)
    {
        var options = HttpLoadOptions.From(settings);
        var folder = Directory.CreateTempSubdirectory("uonet-access-http-load-").FullName;
        var keys = new List<DeviceKey>();
        var clients = new List<HttpClient>();
        string? database = null;
        try
        {
            await using var sqlitePortal = await PortalProcess.StartAsync(Path.Combine(folder, "portal.db"), Path.Combine(folder, "mail-sqlite"));
            var targets = new List<LoadTarget> { await SetUpAsync("portal, SQLite", sqlitePortal, options, keys, clients) };
            PortalProcess? postgresPortal = null;
            try
            {
                if (options.Postgres is { } server)
                {
                    database = await CreateDatabaseAsync(server);
                    postgresPortal = await PortalProcess.StartAsync(Path.Combine(folder, "unused.db"), Path.Combine(folder, "mail-postgres"), "--postgres", database);
                    targets.Add(await SetUpAsync("portal, PostgreSQL", postgresPortal, options, keys, clients));
                }

                using var pages = NewClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = PageConnections });
                var sqlite = targets[0];
                var pupilsFile = Path.Combine(folder, "pupils.json");
                var pageFile = Path.Combine(folder, "page.html");
                var sizes = new Dictionary<LoadKind, int>();
                foreach (var (kind, file) in Kinds.Zip([pupilsFile, pageFile]))
                {
                    var body = await FetchAsync(sqlite, kind, pages);
                    await File.WriteAllBytesAsync(file, body);
                    sizes[kind] = body.Length;
                }

                await using var bare = await ServerProcess.StartBareEndpointAsync(pupilsFile, pageFile, Kinds[1].Path);
                targets.Insert(0, new LoadTarget(HttpLoadReport.Bare, bare.Root, () => bare.PeakWorkingSetBytes, sqlite.Phones, sqlite.Sessions));

                var report = new HttpLoadReport(DateTimeOffset.UtcNow, options, commandLine, [.. targets.Select(t => t.Name)]);
                foreach (var kind in Kinds)
                {
                    await MeasureAsync(kind, targets, pages, options, report, sizes[kind]);
                }

                var markdown = report.ToMarkdown();
                await File.WriteAllTextAsync(output, markdown);
                Console.WriteLine(markdown);
                Console.WriteLine($"Written to {output}");
                return report.Errors == 0 ? 0 : 1;
            }
            finally
            {
                if (postgresPortal is not null)
                {
                    await postgresPortal.DisposeAsync();
                }
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            keys.ForEach(k => k.Dispose());
            if (database is not null)
            {
                await DropDatabaseAsync(options.Postgres!, database);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task MeasureAsync(LoadKind kind, IReadOnlyList<LoadTarget> targets, HttpClient pages, HttpLoadOptions options, HttpLoadReport report, int bodyBytes)
    {
        Console.WriteLine($"{kind.Name}: warming up");
        foreach (var target in targets)
        {
            await LoadDriver.ClosedAsync(target.Name, Sender(target, kind, pages), 4, options.WarmUp);
        }

        var steps = new List<StepResult>();
        foreach (var concurrency in options.Steps)
        {
            // Every target at each concurrency before the next: a change of the machine's load hits all of them alike.
            foreach (var target in targets)
            {
                var step = await LoadDriver.ClosedAsync(target.Name, Sender(target, kind, pages), concurrency, options.StepDuration);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {target.Name}, {concurrency} loops: {step.Throughput:F0} req/s, p99 {step.Percentile(99):F1} ms, errors {step.Errors}, load {step.LoadAverage:F2}"));
                steps.Add(step);
            }
        }

        var fixedRate = new List<(double, StepResult)>();
        foreach (var share in options.FixedRateShares)
        {
            foreach (var target in targets)
            {
                var peak = steps.Where(s => s.Target == target.Name).Max(s => s.Throughput);
                var step = await LoadDriver.OpenAsync(target.Name, Sender(target, kind, pages), share * peak, options.FixedRateDuration);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {target.Name}, {share:P0} of the peak, {step.OfferedRate:F0} req/s offered: {step.Throughput:F0} req/s, p50 {step.Percentile(50):F1} ms, p99 {step.Percentile(99):F1} ms, errors {step.Errors}"));
                fixedRate.Add((share, step));
            }
        }

        report.Add(kind, bodyBytes, steps, fixedRate, targets.ToDictionary(t => t.Name, t => t.PeakWorkingSetBytes(), StringComparer.Ordinal));
    }

    private static Func<long, Task<int>> Sender(LoadTarget target, LoadKind kind, HttpClient pages)
    {
        var uri = new Uri(target.Root, kind.Path);
        return async k =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (!kind.Signed)
            {
                request.Headers.Add("Cookie", target.Sessions[(int)(k % target.Sessions.Count)]);
            }

            try
            {
                // The signing handler of the phone signs it afresh (RFC 9421), as the app's client does.
                using var response = await (kind.Signed ? target.Phones[(int)(k % target.Phones.Count)] : pages).SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                return (int)response.StatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return 0;
            }
        };
    }

    /// <summary>
    /// The demo accounts do their first login through the pages (R3, R4) and pair phones through the pages and the
    /// mobile API (R7): each phone's key signs with the client package's handler. Each account's session cookie is kept.
    /// </summary>
    private static async Task<LoadTarget> SetUpAsync(string name, PortalProcess portal, HttpLoadOptions options, List<DeviceKey> keys, List<HttpClient> clients)
    {
        Console.WriteLine($"{name}: signing in and pairing {options.PhonesPerAccount} phones for each of {options.Accounts.Count} accounts");
        var phones = new List<HttpClient>();
        var sessions = new List<string>();
        foreach (var account in options.Accounts)
        {
            using var visitor = new PortalVisitor(portal.Root);
            await visitor.FirstLoginAsync(account, options.Password);
            for (var i = 0; i < options.PhonesPerAccount; i++)
            {
                var phone = await visitor.PairPhoneAsync($"Telefon obciążeniowy {i + 1}");
                var key = new DeviceKey(phone.Key);
                keys.Add(key);
                var client = NewClient(new DeviceSigningHandler(key, phone.DeviceId) { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = PhoneConnections } });
                clients.Add(client);
                phones.Add(client);
            }

            var cookie = visitor.CookieHeader($"/{PortalVisitor.Symbol}/uczen");
            if (!cookie.Contains("uonet-sesja=", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{account} signed in but holds no session cookie for the pupils page");
            }

            sessions.Add(cookie);
        }

        return new LoadTarget(name, portal.Root, () => portal.PeakWorkingSetBytes, phones, sessions);
    }

    private static async Task<byte[]> FetchAsync(LoadTarget target, LoadKind kind, HttpClient pages)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target.Root, kind.Path));
        if (!kind.Signed)
        {
            request.Headers.Add("Cookie", target.Sessions[0]);
        }

        using var response = await (kind.Signed ? target.Phones[0] : pages).SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"{target.Name} answered {kind.Name} with {(int)response.StatusCode} before the load");
    }

    private static HttpClient NewClient(HttpMessageHandler handler) => new(handler) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A database of its own for this run, so that the portal seeds the demo district at its own address.</summary>
    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"uonet_http_load_{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
