using System.Globalization;
using System.Runtime.InteropServices;
using Uonet.Access.LoadTest.HttpLoad;
using Uonet.Access.Sample.Web.Tests.Load;

// The portal's load test: starts the sample portal as a process on a loopback port over a new SQLite file, sets up the
// demo accounts and their phones, presses it with signed device requests and sign-ins, and writes the measurements to
// benchmarks/results/<yyyy-MM-dd>-load-test.md.
//   dotnet run -c Release --project benchmarks/Uonet.Access.LoadTest -- [--seconds 60] [--concurrency 8] [--sign-in-share 0.1] [--output <file>]
// The HTTP load of issue 18 §2 (the device API and pages beside bare endpoints, results/<yyyy-MM-dd>-http-load.md):
//   dotnet run -c Release --project benchmarks/Uonet.Access.LoadTest -- http [--postgres <connection string>] [--steps 1,2,4,8,16,32] [--step-seconds 10] [--rate-shares 0.8,0.5] [--rate-seconds 15] [--phones-per-account 8] [--output <file>]
if (args is [BareEndpoint.Command, ..])
{
    return await BareEndpoint.RunAsync(args[1..]);
}

var http = args is [HttpLoadCommand.Command, ..];
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = http ? 1 : 0; i < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        await Console.Error.WriteLineAsync($"Usage: Uonet.Access.LoadTest [http] [--name value]… (see the comment at the top of Program.cs; got '{args[i]}')");
        return 2;
    }

    settings[args[i][2..]] = args[i + 1];
}

var now = DateTimeOffset.UtcNow;
if (http)
{
    var shown = args.Select((a, i) => i > 0 && args[i - 1] == "--postgres" ? "\"$(bash eng/postgres.sh start /tmp/loadhttp-pg)\"" : a);
    return await HttpLoadCommand.RunAsync(
        settings,
        settings.TryGetValue("output", out var httpOutput) ? httpOutput : Path.Combine(RepositoryRoot(), "benchmarks", "results", $"{now:yyyy-MM-dd}-http-load.md"),
        $"dotnet run -c Release --project benchmarks/Uonet.Access.LoadTest -- {string.Join(' ', shown)}");
}

var options = new LoadOptions
{
    Duration = TimeSpan.FromSeconds(settings.TryGetValue("seconds", out var seconds) ? int.Parse(seconds, CultureInfo.InvariantCulture) : 60),
    Concurrency = settings.TryGetValue("concurrency", out var concurrency) ? int.Parse(concurrency, CultureInfo.InvariantCulture) : 8,
    SignInShare = settings.TryGetValue("sign-in-share", out var share) ? double.Parse(share, CultureInfo.InvariantCulture) : 0.1,
};
var output = settings.TryGetValue("output", out var file) ? file : Path.Combine(RepositoryRoot(), "benchmarks", "results", $"{now:yyyy-MM-dd}-load-test.md");
var folder = Directory.CreateTempSubdirectory("uonet-access-load-").FullName;
try
{
    await using var portal = await PortalProcess.StartAsync(Path.Combine(folder, "portal.db"), Path.Combine(folder, "mail"));
    var report = await LoadRun.RunAsync(portal, options);
    var machine = $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, .NET {Environment.Version}";
    var markdown = report.ToMarkdown(now, machine);
    await File.WriteAllTextAsync(output, markdown);
    Console.WriteLine(markdown);
    Console.WriteLine($"Written to {output}");
    return report.Errors.Count == 0 ? 0 : 1;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Uonet.Access.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
